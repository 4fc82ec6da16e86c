package nl.spreekuur.server.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.spreekuur.server.http.Json;

/**
 * The real server as a process of its own ({@code java -cp <this JVM's class path> nl.spreekuur.server.Main …}),
 * for tests that must end it the way a crash does: {@link #kill()} is SIGKILL, so no shutdown hook runs and the
 * store is not closed. The server chooses its own free port ({@code --port 0}); its standard output tells the URL
 * ("is running at …") and, with {@code --demo}, the demo password. Standard error goes to a log file.
 *
 * <pre>
 * try (ServerProcess server = ServerProcess.start(dir.resolve("server.log"), List.of("--demo", "--data-dir", d))) {
 *     String token = server.login("demo", "demo-pro", server.demoPassword());
 *     server.kill();
 * }
 * </pre>
 */
public final class ServerProcess implements AutoCloseable {
    /** What {@link Process#exitValue()} is for a process that signal 9 ended (128 + 9). */
    public static final int SIGKILL_EXIT = 137;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern RUNNING = Pattern.compile("is running at (\\S+)");
    private static final Pattern DEMO_PASSWORD = Pattern.compile("password: (\\S+)$");
    /** Marks the end of standard output in {@link #lines}. */
    private static final String END = "\u0000end";
    /** Quick start-up matters more than peak speed for a server that is started a dozen times per test. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx512m");

    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line taken from {@link #lines} so far, in order: a later wait may look for an earlier line. */
    private final List<String> seen = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private URI base;

    private static synchronized Path sharedKeyFile(Path dir) {
        Path key = dir.resolve("store.key");
        if (!Files.exists(key)) {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            try {
                Files.writeString(key, java.util.HexFormat.of().formatHex(bytes) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the test store key", e);
            }
        }
        return key;
    }

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the server with the arguments (add {@code --bind 127.0.0.1 --port 0}) and waits until it listens.
     * Without {@code --data-dir}, the store key file is the log's directory's {@code store.key} (created here), so
     * nodes of one test share it as a deployment's nodes must, and nothing is written into the work tree.
     */
    public static ServerProcess start(Path log, List<String> arguments) {
        if (!arguments.contains("--data-dir") && arguments.stream().noneMatch(a -> a.startsWith("store.key-file="))) {
            List<String> withKey = new ArrayList<>(arguments);
            withKey.addAll(List.of("--set", "store.key-file=" + sharedKeyFile(log.toAbsolutePath().getParent())));
            arguments = withKey;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("nl.spreekuur.server.Main");
        command.addAll(arguments);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process", e);
        }
        ServerProcess server = new ServerProcess(process, log);
        Thread reader = new Thread(server::readOutput, "server-process-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            String url = server.awaitLine(RUNNING, START_TIMEOUT);
            server.base = URI.create(url.endsWith("/") ? url : url + "/");
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** {@code ws://localhost:<port>/ws}. */
    public URI wsUri() {
        return URI.create("ws://" + base.getRawAuthority() + "/ws");
    }

    /** The demo professional's password, as {@code --demo} printed it. */
    public String demoPassword() {
        return awaitLine(DEMO_PASSWORD, START_TIMEOUT);
    }

    /** The status of {@code GET path} (e.g. {@code /healthz}). */
    public int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path.substring(1))).timeout(HTTP_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** {@code POST /api/login}; fails unless it answers 200. */
    public String login(String organisation, String username, String password) throws Exception {
        return token("/api/login", Map.of("organisation", organisation, "username", username,
                "password", password));
    }

    /** {@code POST /api/anonymous}; fails unless it answers 200. */
    public String anonymous(String organisation) throws Exception {
        return token("/api/anonymous", Map.of("organisation", organisation));
    }

    /** {@code POST /api/logout} with the token: 204 if it was valid (it is revoked now), else 401. */
    public int logout(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("api/logout")).timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String token(String path, Map<String, String> body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path.substring(1)))
                .timeout(HTTP_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode());
        }
        return (String) Json.parseObject(response.body()).get("token");
    }

    /**
     * SIGKILL ({@link Process#destroyForcibly()} on Linux), then checks that the signal, not something else,
     * ended the process.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        int exit = awaitExit();
        if (exit != SIGKILL_EXIT) {
            throw new AssertionError("expected the server to die of SIGKILL (exit " + SIGKILL_EXIT + "), it exited "
                    + exit + logTail());
        }
    }

    /** SIGTERM: the graceful shutdown (sockets closed, store closed), then waits for the exit. */
    public void stop() throws InterruptedException {
        process.destroy();
        awaitExit();
    }

    /** SIGTERM without waiting: the node drains while the test watches; {@link #awaitExit()} waits for the end. */
    public void terminate() {
        process.destroy();
    }

    /** Waits (at most 30 s) for the process to end and returns its exit value. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server process did not exit within " + EXIT_TIMEOUT);
        }
        return process.exitValue();
    }

    /** The last lines of the server's standard error, for failure messages. */
    public String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n" + log + " (last lines):\n" + String.join("\n", all.subList(Math.max(0, all.size() - 30),
                    all.size()));
        } catch (IOException e) {
            return "\n(no log: " + e.getMessage() + ")";
        }
    }

    /** Standard output up to now, line by line (what a script reading it would have seen). */
    public synchronized List<String> outputSoFar() {
        for (String line = lines.poll(); line != null; line = lines.poll()) {
            if (line.equals(END)) {
                lines.add(END);
                break;
            }
            seen.add(line);
        }
        return List.copyOf(seen);
    }

    private synchronized String awaitLine(Pattern pattern, Duration timeout) {
        for (String line : seen) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    if (line != null) {
                        lines.add(END);
                    }
                    throw new AssertionError((line == null ? "no line like '" + pattern + "' within " + timeout
                            : "the server ended its output before '" + pattern + "'") + logTail());
                }
                seen.add(line);
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the server", e);
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone; END below tells the waiting side
        }
        lines.add(END);
    }

    /** Kills the process if it still runs (a test that failed half-way must not leave a server behind). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
