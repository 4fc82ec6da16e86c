package nl.spreekuur.loadtest.run;

import java.util.List;
import nl.spreekuur.loadtest.client.Connector;
import nl.spreekuur.loadtest.client.Encoding;
import nl.spreekuur.loadtest.scenario.Load;
import nl.spreekuur.loadtest.scenario.Scenario;
import nl.spreekuur.loadtest.setup.Fixture;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.Stats;

/** A slice run on a thread of this process. */
final class LocalGenerator implements Generator {
    private final Stats stats = new Stats();
    private final Thread thread;
    private volatile boolean done;
    private volatile String failure;

    LocalGenerator(Scenario scenario, Fixture fixture, List<String> sources, Encoding encoding, int slice, int slices) {
        thread = new Thread(() -> {
            try (Connector connector = new Connector(fixture.urls(), fixture.professionalUrl(), sources, encoding);
                 Load load = new Load(connector, fixture, stats, slice, slices)) {
                scenario.run(load);
            } catch (InterruptedException e) {
                failure = "interrupted";
            } catch (Exception e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                stats.error("GENERATOR_FAILED");
            } finally {
                done = true;
            }
        }, "loadtest-slice-" + slice);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a slice in this thread and prints its snapshots as JSON lines, for the coordinator (worker mode). */
    static int runAsWorker(Scenario scenario, Fixture fixture, List<String> sources, Encoding encoding, int slice,
                           int slices, java.io.PrintStream out) throws InterruptedException {
        LocalGenerator generator = new LocalGenerator(scenario, fixture, sources, encoding, slice, slices);
        while (!generator.done()) {
            Thread.sleep(1000);
            generator.poll().forEach(snapshot -> out.println("S " + nl.spreekuur.loadtest.stats.SnapshotCodec
                    .encode(snapshot)));
            out.flush();
        }
        generator.poll().forEach(snapshot -> out.println("S " + nl.spreekuur.loadtest.stats.SnapshotCodec
                .encode(snapshot)));
        out.println(generator.failure() == null ? "F ok" : "F " + generator.failure());
        out.flush();
        return generator.failure() == null ? 0 : 1;
    }

    @Override
    public List<Snapshot> poll() {
        return List.of(stats.snapshot());
    }

    @Override
    public boolean done() {
        return done;
    }

    @Override
    public String failure() {
        return failure;
    }
}
