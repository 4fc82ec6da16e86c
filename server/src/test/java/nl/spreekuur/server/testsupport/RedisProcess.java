package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A private {@code redis-server} for tests (Debian's {@code /usr/bin/redis-server}), on a free loopback port, without
 * persistence, stopped by a shutdown hook. Never the machine's own Redis on 6379. {@link #shared()} is one per JVM;
 * a test that restarts Redis takes its own ({@link #start()}) so it does not disturb others.
 *
 * <p>{@link #restart()} kills the process and starts a new one on the same port: every connection drops and every
 * subscription is gone, as after a real Redis restart.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private static RedisProcess shared;

    private final Path dir;
    private int port;
    private Process process;

    private RedisProcess(Path dir) {
        this.dir = dir;
    }

    /** The JVM's Redis, started on first use. */
    public static synchronized RedisProcess shared() {
        if (shared == null) {
            RedisProcess redis = start();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "redis-test-stop"));
            shared = redis;
        }
        return shared;
    }

    /** A Redis of the caller's own; close it when done. */
    public static RedisProcess start() {
        if (!Files.isExecutable(REDIS_SERVER)) {
            throw new IllegalStateException(REDIS_SERVER + " not found; install the 'redis-server' package");
        }
        try {
            RedisProcess redis = new RedisProcess(Files.createTempDirectory("spreekuur-redis-"));
            FreePorts.launchOnFreePort(port -> {
                redis.port = port;
                redis.launch();
            });
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Empties every database (FLUSHALL), so a test starts from nothing. */
    public void flushAll() {
        command("FLUSHALL");
    }

    /** How many clients are subscribed to the channel (PUBSUB NUMSUB). */
    public int subscribers(String channel) {
        String reply = command("PUBSUB NUMSUB " + channel);
        // *2 $len channel :n
        int colon = reply.lastIndexOf(':');
        return Integer.parseInt(reply.substring(colon + 1).trim());
    }

    /** Sends one inline command and returns the raw reply (small replies only). */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            byte[] reply = new byte[4096];
            int n = socket.getInputStream().read(reply);
            return n > 0 ? new String(reply, 0, n, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the server (SIGKILL: no goodbye to clients) and waits until it is gone. */
    public synchronized void kill() {
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

    /** Starts it again on the same port (empty: nothing is persisted). */
    public synchronized void relaunch() {
        if (process == null) {
            launch();
        }
    }

    /** Kill, then start on the same port. */
    public void restart() {
        kill();
        relaunch();
    }

    private synchronized void launch() {
        try {
            process = new ProcessBuilder(List.of(REDIS_SERVER.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--protected-mode", "yes", "--loglevel", "warning"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || answersPing());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            process.destroyForcibly();
        }
        if (!process.isAlive()) {
            process = null;
            throw new IllegalStateException("redis-server did not start on port " + port + ": " + log());
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int n = socket.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
