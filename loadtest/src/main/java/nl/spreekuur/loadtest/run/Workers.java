package nl.spreekuur.loadtest.run;

import java.io.PrintStream;
import java.util.List;
import nl.spreekuur.loadtest.client.Encoding;
import nl.spreekuur.loadtest.scenario.Scenario;
import nl.spreekuur.loadtest.setup.Fixture;

/** The worker side of {@link WorkerGenerator}: runs one slice and reports on stdout. */
public final class Workers {
    private Workers() {
    }

    public static int run(Scenario scenario, Fixture fixture, List<String> sources, Encoding encoding, int slice,
                          int slices, PrintStream out) throws InterruptedException {
        return LocalGenerator.runAsWorker(scenario, fixture, sources, encoding, slice, slices, out);
    }
}
