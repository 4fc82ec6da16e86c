package nl.spreekuur.loadtest.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import nl.spreekuur.loadtest.setup.Fixture;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.SnapshotCodec;

/**
 * A slice in a worker process this tool starts itself ({@code java -cp <same classpath> … worker}), for when
 * one process cannot hold enough sockets. The fixture goes in on stdin as JSON; snapshots come back on stdout,
 * one JSON line each ({@code S …}), then {@code F ok} or {@code F <why>}.
 */
final class WorkerGenerator implements Generator {
    private final Process process;
    private final ConcurrentLinkedQueue<Snapshot> received = new ConcurrentLinkedQueue<>();
    private volatile boolean done;
    private volatile String failure;

    WorkerGenerator(Fixture fixture, List<String> scenarioArgs, int slice, int slices) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("nl.spreekuur.loadtest.cli.Main");
        command.add("worker");
        command.add(Integer.toString(slice));
        command.add(Integer.toString(slices));
        command.addAll(scenarioArgs);
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            in.write(fixture.toJson());
            in.write('\n');
        }
        Thread reader = new Thread(this::read, "loadtest-worker-" + slice);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("S ")) {
                    received.add(SnapshotCodec.decode(line.substring(2)));
                } else if (line.startsWith("F ")) {
                    failure = line.equals("F ok") ? null : line.substring(2);
                }
            }
            if (process.waitFor() != 0 && failure == null) {
                failure = "worker exited with " + process.exitValue();
            }
        } catch (IOException | IllegalArgumentException e) {
            failure = "worker output unreadable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done = true;
        }
    }

    @Override
    public List<Snapshot> poll() {
        List<Snapshot> out = new ArrayList<>();
        for (Snapshot snapshot = received.poll(); snapshot != null; snapshot = received.poll()) {
            out.add(snapshot);
        }
        return out;
    }

    @Override
    public boolean done() {
        return done && received.isEmpty();
    }

    @Override
    public String failure() {
        return failure;
    }
}
