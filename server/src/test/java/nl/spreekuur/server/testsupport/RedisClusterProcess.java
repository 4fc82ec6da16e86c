package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A private Redis Cluster of three masters (no replicas) for tests, from Debian's {@code redis-server} with
 * {@code --cluster-enabled yes}, joined by {@code redis-cli --cluster create}, on free loopback ports ≤ 55535
 * (Redis uses the port + 10000 for the cluster bus, which must be free too). Without persistence; each master keeps
 * its {@code nodes.conf}, so {@link #restart(int)} brings it back as the same master with the same slots. Full
 * slot coverage is not required, so while one master is down the others keep serving their slots.
 * {@link #shared()} is one per JVM; a test that restarts a master takes its own ({@link #start()}).
 */
public final class RedisClusterProcess implements AutoCloseable {
    public static final int MASTERS = 3;
    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int HIGHEST_PORT = 55_535;

    private static RedisClusterProcess shared;

    private final Path dir;
    private final int[] ports = new int[MASTERS];
    private final Process[] processes = new Process[MASTERS];

    private RedisClusterProcess(Path dir) {
        this.dir = dir;
    }

    /** The JVM's cluster, started on first use. */
    public static synchronized RedisClusterProcess shared() {
        if (shared == null) {
            RedisClusterProcess cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-test-stop"));
            shared = cluster;
        }
        return shared;
    }

    /** A cluster of the caller's own; close it when done. */
    public static RedisClusterProcess start() {
        for (Path binary : List.of(REDIS_SERVER, REDIS_CLI)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " not found; install the 'redis-server' package");
            }
        }
        RedisClusterProcess cluster;
        try {
            cluster = new RedisClusterProcess(Files.createTempDirectory("spreekuur-redis-cluster-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int i = 0; i < MASTERS; i++) {
                cluster.launchOnFreePorts(i);
            }
            cluster.create();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** A port taken between the check and the bind makes the launch fail: then it is tried on other ports. */
    private void launchOnFreePorts(int master) {
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < FreePorts.START_ATTEMPTS; attempt++) {
            ports[master] = portWithFreeBus();
            try {
                launch(master);
                return;
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /** A free port ≤ 55535 whose cluster bus port (+ 10000) is free as well. */
    private static int portWithFreeBus() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, HIGHEST_PORT + 1);
            if (free(port) && free(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a Redis Cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code redis://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}: the seeds for {@code redis.url}. */
    public String seeds() {
        return "redis://" + IntStream.of(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    public int port(int master) {
        return ports[master];
    }

    /** Empties every master (FLUSHALL), so a test starts from nothing. */
    public void flushAll() {
        for (int port : ports) {
            command(port, "FLUSHALL");
        }
    }

    /** How many clients hold a sharded subscription of the channel, over all masters (PUBSUB SHARDNUMSUB). */
    public int shardSubscribers(String channel) {
        int total = 0;
        for (int port : ports) {
            String reply = command(port, "PUBSUB SHARDNUMSUB " + channel);
            total += Integer.parseInt(reply.substring(reply.lastIndexOf(':') + 1).trim());
        }
        return total;
    }

    /** Kills one master (SIGKILL) and starts it again on its port; waits until the cluster is whole again. */
    public synchronized void restart(int master) {
        kill(master);
        launch(master);
        awaitClusterOk();
    }

    /** Kills one master (SIGKILL). */
    public synchronized void kill(int master) {
        Process process = processes[master];
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            processes[master] = null;
        }
    }

    private synchronized void launch(int master) {
        int port = ports[master];
        Path nodeDir = dir.resolve(Integer.toString(port));
        try {
            Files.createDirectories(nodeDir);
            processes[master] = new ProcessBuilder(List.of(REDIS_SERVER.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000", "--cluster-require-full-coverage", "no",
                    "--save", "", "--appendonly", "no", "--dir", nodeDir.toString(),
                    "--protected-mode", "yes", "--loglevel", "warning"))
                    .redirectErrorStream(true)
                    .redirectOutput(nodeDir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !processes[master].isAlive() || answersPing(port));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            processes[master].destroyForcibly();
        }
        if (!processes[master].isAlive()) {
            processes[master] = null;
            throw new IllegalStateException("redis-server did not start on port " + port + ": " + log(nodeDir));
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(REDIS_CLI.toString(), "--cluster", "create"));
        for (int port : ports) {
            command.add("127.0.0.1:" + port);
        }
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try {
            Process cli = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("create.log").toFile()).start();
            if (!cli.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || cli.exitValue() != 0) {
                cli.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create failed: " + log(dir, "create.log"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-cli", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        awaitClusterOk();
    }

    /** Every master says {@code cluster_state:ok} and knows all {@value #MASTERS} masters. */
    private void awaitClusterOk() {
        Awaitility.await("Redis Cluster state ok").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    for (int port : ports) {
                        String info = command(port, "CLUSTER INFO");
                        if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
                                || !info.contains("cluster_slots_ok:16384")) {
                            return false;
                        }
                    }
                    return true;
                });
    }

    /** Sends one inline command and returns the raw reply (small replies only). */
    private static String command(int port, String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            byte[] reply = new byte[16384];
            int n = socket.getInputStream().read(reply);
            return n > 0 ? new String(reply, 0, n, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean answersPing(int port) {
        try {
            return command(port, "PING").startsWith("+PONG");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static String log(Path nodeDir) {
        return log(nodeDir, "redis.log");
    }

    private static String log(Path in, String name) {
        try {
            return Files.readString(in.resolve(name));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < MASTERS; i++) {
            kill(i);
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
