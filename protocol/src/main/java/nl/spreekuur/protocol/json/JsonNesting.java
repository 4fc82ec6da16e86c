package nl.spreekuur.protocol.json;

/**
 * The nesting limit for JSON that reaches JsonFormat. JsonFormat reads through Gson's recursive tree builder, which
 * answers deeply nested input (e.g. 30,000 {@code [}) only after overflowing the thread's stack, on a Netty event
 * loop or a request thread; Gson turns that StackOverflowError into a parse error, but a stack overflow can strike
 * anywhere on the way down. Input nested deeper than {@link #MAX_DEPTH} is refused before any parser sees it.
 *
 * <p>The scan counts {@code [} and {@code {} outside strings and needs no valid JSON: whatever it lets through is
 * still parsed, and refused, by JsonFormat as before. Spreekuur's own messages nest at most about 6 deep.
 */
public final class JsonNesting {
    /** Deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 64;

    private JsonNesting() {
    }

    /** Whether UTF-8 JSON nests no deeper than {@link #MAX_DEPTH} (quotes and backslashes are ASCII in UTF-8). */
    public static boolean withinLimit(byte[] utf8, int offset, int length) {
        int depth = 0;
        boolean inString = false;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = utf8[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                if (++depth > MAX_DEPTH) {
                    return false;
                }
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return true;
    }

    /** Whether JSON text nests no deeper than {@link #MAX_DEPTH}. */
    public static boolean withinLimit(CharSequence json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0, end = json.length(); i < end; i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    return false;
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return true;
    }
}
