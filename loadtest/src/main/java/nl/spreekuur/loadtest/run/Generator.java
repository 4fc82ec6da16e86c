package nl.spreekuur.loadtest.run;

import java.util.List;

/** One running slice of a scenario, in this process or in a worker process. */
interface Generator {
    /** Snapshots since the previous call (interval histograms, absolute counters). */
    List<nl.spreekuur.loadtest.stats.Snapshot> poll();

    boolean done();

    /** Why the slice stopped early, or null. */
    String failure();
}
