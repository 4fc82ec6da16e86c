package nl.spreekuur.server.logging;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A stack trace for logs without exception messages: only exception types and frames. Messages can quote input
 * (a database refusing a too-long value quotes the value), and logs must never hold message content.
 */
public final class ContentFreeStackTrace {
    private static final int MAX_CAUSES = 8;

    private ContentFreeStackTrace() {
    }

    public static String of(Throwable throwable) {
        StringBuilder out = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable current = throwable;
        for (int depth = 0; current != null && depth < MAX_CAUSES && seen.put(current, true) == null; depth++) {
            out.append(depth == 0 ? "" : "Caused by: ").append(current.getClass().getName()).append('\n');
            for (StackTraceElement frame : current.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
            current = current.getCause();
        }
        return out.toString();
    }
}
