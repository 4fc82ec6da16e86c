package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A private coturn ({@code /usr/bin/turnserver}, Debian's {@code coturn}) for tests: on a free loopback port, with
 * TURN REST credentials ({@code use-auth-secret} with a test secret) and a relay port range of its own, no TLS, no
 * CLI, its database and log in a temporary directory; killed on {@link #close()}. Loopback peers are allowed only
 * because client, relay and peer are one machine here: a production coturn must deny them (docs/operations.md).
 */
public final class CoturnProcess implements AutoCloseable {
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    public static final String REALM = "spreekuur.test";

    private final Path dir;
    private final String secret;
    private int port;
    private Process process;

    private CoturnProcess(Path dir, String secret) {
        this.dir = dir;
        this.secret = secret;
    }

    /** Starts coturn with the shared secret; close it when done. */
    public static CoturnProcess start(String secret) {
        if (!Files.isExecutable(TURNSERVER)) {
            throw new IllegalStateException(TURNSERVER + " not found; install the 'coturn' package");
        }
        try {
            CoturnProcess coturn = new CoturnProcess(Files.createTempDirectory("spreekuur-coturn-"), secret);
            FreePorts.launchOnFreePort(port -> {
                coturn.port = port;
                coturn.launch();
            });
            return coturn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The listening port (UDP and TCP) on 127.0.0.1. */
    public int port() {
        return port;
    }

    public String secret() {
        return secret;
    }

    private void launch() {
        int minRelay = ThreadLocalRandom.current().nextInt(40000, 60000);
        try {
            process = new ProcessBuilder(List.of(TURNSERVER.toString(), "-n",
                    "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                    "--min-port=" + minRelay, "--max-port=" + (minRelay + 100),
                    "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + REALM,
                    "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls",
                    "--db=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turn.pid"),
                    "--log-file=" + dir.resolve("turn.log"), "--no-stdout-log"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start turnserver", e);
        }
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || acceptsTcp());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            process.destroyForcibly();
        }
        if (!process.isAlive()) {
            process = null;
            throw new IllegalStateException("turnserver did not start on port " + port);
        }
    }

    private boolean acceptsTcp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
