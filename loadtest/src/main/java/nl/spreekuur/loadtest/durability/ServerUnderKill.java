package nl.spreekuur.loadtest.durability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.spreekuur.loadtest.client.ProtocolException;

/**
 * A Spreekuur server process the durability run starts, kills with SIGKILL ({@link Process#destroyForcibly()} on
 * Linux) and starts again on the same store. It listens on a free loopback port of its own choosing; its standard
 * output tells the URL and, with {@code --demo}, the demo password. Standard error goes to a log file.
 */
final class ServerUnderKill implements AutoCloseable {
    /** What {@link Process#exitValue()} is for a process that signal 9 ended (128 + 9). */
    static final int SIGKILL_EXIT = 137;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern RUNNING = Pattern.compile("is running at (\\S+)");
    private static final Pattern DEMO_PASSWORD = Pattern.compile("password: (\\S+)$");
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Lines already taken from {@link #lines}: the server prints the demo password before its URL. */
    private final List<String> seen = new ArrayList<>();
    private URI url;

    private ServerUnderKill(Process process) {
        this.process = process;
    }

    /** Starts {@code launcher + arguments} (stderr appended to the log) and waits until the server listens. */
    static ServerUnderKill start(List<String> launcher, List<String> arguments, Path log) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(arguments);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server: " + command.get(0), e);
        }
        ServerUnderKill server = new ServerUnderKill(process);
        Thread reader = new Thread(server::readOutput, "server-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            String http = server.awaitLine(RUNNING, log);
            server.url = URI.create(http.replaceFirst("^http", "ws"));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code ws://localhost:<port>/}, the form the tool's {@code --url} takes. */
    URI url() {
        return url;
    }

    String demoPassword(Path log) {
        return awaitLine(DEMO_PASSWORD, log);
    }

    /** SIGKILL, then checks that the signal ended the process (and not something else before it). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        int exit = awaitExit();
        if (exit != SIGKILL_EXIT) {
            throw new ProtocolException("NOT_KILLED", "the server exited with " + exit + ", not of SIGKILL");
        }
    }

    /** SIGTERM: the graceful shutdown; waits for the exit. */
    void stop() throws InterruptedException {
        process.destroy();
        awaitExit();
    }

    private int awaitExit() throws InterruptedException {
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ProtocolException("NO_EXIT", "the server did not exit within " + EXIT_TIMEOUT);
        }
        return process.exitValue();
    }

    private String awaitLine(Pattern pattern, Path log) {
        for (String line : seen) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    throw new ProtocolException("SERVER_START", "the server did not print '" + pattern + "'"
                            + (line == null ? " within " + START_TIMEOUT : " before it ended") + "; see " + log);
                }
                seen.add(line);
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException("INTERRUPTED", "interrupted while waiting for the server");
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone; END tells the waiting side
        }
        lines.add(END);
    }

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
