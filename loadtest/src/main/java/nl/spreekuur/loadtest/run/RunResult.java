package nl.spreekuur.loadtest.run;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The merged outcome of one run against one target: totals, errors by code, whole-run histograms (µs), the
 * per-second timeline, ladder steps, server samples and what the setup or cleanup reported.
 */
public record RunResult(String scenario, String target, boolean baseline, double seconds, Map<String, Long> counters,
                        Map<String, Long> errors, Map<String, Histogram> histograms, List<Point> timeline,
                        List<Step> steps, ServerSample serverBefore, ServerSample serverPeak,
                        ServerSample serverAfter, List<String> notes) {
    /** One rung of a rate ladder. */
    public record Step(long offeredPerSecond, double ackedPerSecond, Histogram ack) {
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    public long errorTotal() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Acknowledged messages per second over the time messages were offered (or the whole run). */
    public double ackedPerSecond() {
        double active = timeline.stream().filter(p -> p.ackedPerSecond() > 0).count();
        return active == 0 ? 0 : counter(nl.spreekuur.loadtest.stats.Stats.ACKED) / active;
    }

    /** Authenticated connections per second while connecting (from the connect histogram's count and span). */
    public double connectsPerSecond() {
        Histogram connect = histograms.get(nl.spreekuur.loadtest.stats.Snapshot.CONNECT);
        double active = timeline.stream().filter(p -> p.connections() > 0).count();
        if (connect == null || connect.getTotalCount() == 0) {
            return 0;
        }
        double ramp = 0;
        long previous = 0;
        for (Point point : timeline) {
            if (point.connections() > previous) {
                ramp++;
            }
            previous = Math.max(previous, point.connections());
        }
        return connect.getTotalCount() / Math.max(1, Math.min(ramp, active));
    }

    /** Server CPU seconds spent during the run (NaN when not scraped). */
    public double serverCpuSeconds() {
        if (serverBefore == null || serverAfter == null) {
            return Double.NaN;
        }
        if (!Double.isNaN(serverAfter.cpuSeconds()) && !Double.isNaN(serverBefore.cpuSeconds())) {
            return serverAfter.cpuSeconds() - serverBefore.cpuSeconds();
        }
        double cores = Double.isNaN(serverAfter.cpuCount()) ? 1 : serverAfter.cpuCount();
        return timeline.stream().filter(p -> p.server() != null && !Double.isNaN(p.server().cpuUsage()))
                .mapToDouble(p -> p.server().cpuUsage() * cores).sum();
    }

    public boolean failed() {
        return errorTotal() > 0 || counter(nl.spreekuur.loadtest.stats.Stats.LOST) > 0;
    }
}
