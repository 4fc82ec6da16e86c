package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.IntConsumer;

/** Free loopback ports for the real processes the tests start (PostgreSQL, redis-server, coturn). */
final class FreePorts {
    /** How often a start is tried on another port. */
    static final int START_ATTEMPTS = 3;

    private FreePorts() {
    }

    /** A TCP port on 127.0.0.1 that was free a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code launch} with a free port; a free port can be taken by someone else between finding it and
     * binding it, so a launch that fails with {@link IllegalStateException} is tried again on another port.
     *
     * @return the port the launch succeeded on
     * @throws IllegalStateException the last failure, after {@link #START_ATTEMPTS} tries
     */
    static int launchOnFreePort(IntConsumer launch) {
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                launch.accept(port);
                return port;
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }
}
