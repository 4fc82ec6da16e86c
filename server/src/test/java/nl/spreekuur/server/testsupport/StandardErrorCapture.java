package nl.spreekuur.server.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything written to {@code System.err} while it is open (and still passes it on). The server
 * logs through slf4j-simple, which looks {@code System.err} up at every write (no {@code logFile}, no
 * {@code cacheOutputStream}), so this sees every log line of every thread, whenever the loggers were created.
 *
 * <pre>
 * try (StandardErrorCapture err = StandardErrorCapture.start()) {
 *     ... run the server ...
 *     String log = err.text();
 * }
 * </pre>
 */
public final class StandardErrorCapture implements AutoCloseable {
    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private StandardErrorCapture() {
        this.original = System.err;
        System.setErr(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    }

    public static StandardErrorCapture start() {
        return new StandardErrorCapture();
    }

    /** What was written so far. */
    public String text() {
        System.err.flush();
        return copy.toString(StandardCharsets.UTF_8);
    }

    /** Puts the original stream back. */
    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
