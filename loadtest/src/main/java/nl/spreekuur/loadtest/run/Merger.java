package nl.spreekuur.loadtest.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.Stats;
import org.HdrHistogram.Histogram;

/**
 * Merges the snapshots of all generators: counters are absolute per generator (the latest counts), histograms
 * are intervals and add up. Produces one timeline point per tick.
 */
final class Merger {
    private final Map<Integer, Snapshot> latest = new TreeMap<>();
    private final Map<String, Histogram> totals = new LinkedHashMap<>();
    private final List<Point> timeline = new ArrayList<>();
    private final long startMillis;
    private final long[][] ladder;
    private final List<Histogram> stepHistograms = new ArrayList<>();
    private final List<long[]> stepAcked = new ArrayList<>();
    private Map<String, Long> previousCounters = Map.of();
    private long previousMillis;

    Merger(long startMillis, long[][] ladder) {
        this.startMillis = startMillis;
        this.previousMillis = startMillis;
        this.ladder = ladder;
    }

    /** Adds one generator's snapshots; returns the interval histograms of this tick (merged). */
    void add(int generator, Snapshot snapshot, Map<String, Histogram> tick) {
        latest.put(generator, snapshot);
        snapshot.intervals().forEach((name, histogram) -> {
            totals.computeIfAbsent(name, k -> new Histogram(3)).add(histogram);
            tick.computeIfAbsent(name, k -> new Histogram(3)).add(histogram);
        });
    }

    Map<String, Long> counters() {
        Map<String, Long> sum = new TreeMap<>();
        latest.values().forEach(s -> s.counters().forEach((k, v) -> sum.merge(k, v, Long::sum)));
        return sum;
    }

    Map<String, Long> errors() {
        Map<String, Long> sum = new TreeMap<>();
        latest.values().forEach(s -> s.errors().forEach((k, v) -> sum.merge(k, v, Long::sum)));
        return sum;
    }

    Map<String, Histogram> totals() {
        return totals;
    }

    List<Point> timeline() {
        return timeline;
    }

    /** Closes a tick: one timeline point. */
    Point tick(long nowMillis, Map<String, Histogram> tick, ServerSample server) {
        Map<String, Long> counters = counters();
        double seconds = Math.max(0.001, (nowMillis - previousMillis) / 1000.0);
        double acked = (counters.getOrDefault(Stats.ACKED, 0L) - previousCounters.getOrDefault(Stats.ACKED, 0L))
                / seconds;
        double delivered = (counters.getOrDefault(Stats.DELIVERED, 0L)
                - previousCounters.getOrDefault(Stats.DELIVERED, 0L)) / seconds;
        long errors = errors().values().stream().mapToLong(Long::longValue).sum();
        Histogram ack = tick.get(Snapshot.ACK);
        Histogram delivery = tick.get(Snapshot.DELIVERY);
        Point point = new Point((nowMillis - startMillis) / 1000.0, counters.getOrDefault(Stats.CONNECTIONS, 0L),
                counters.getOrDefault(Stats.OFFERED_RATE, 0L), acked, delivered, errors, millis(ack, 50),
                millis(ack, 99), millis(delivery, 99), server);
        timeline.add(point);
        long offered = counters.getOrDefault(Stats.OFFERED_RATE, 0L);
        if (ladder.length > 0 && offered > 0 && ack != null) {
            int step = stepOf(offered);
            while (stepHistograms.size() <= step) {
                stepHistograms.add(new Histogram(3));
                stepAcked.add(new long[2]);
            }
            stepHistograms.get(step).add(ack);
            stepAcked.get(step)[0] += Math.round(acked * seconds);
            stepAcked.get(step)[1] += Math.round(seconds * 1000);
        }
        previousCounters = counters;
        previousMillis = nowMillis;
        return point;
    }

    private int stepOf(long offeredInThisProcessSum) {
        int best = 0;
        for (int i = 0; i < ladder.length; i++) {
            if (Math.abs(ladder[i][0] - offeredInThisProcessSum) < Math.abs(ladder[best][0] - offeredInThisProcessSum)) {
                best = i;
            }
        }
        return best;
    }

    List<RunResult.Step> steps() {
        List<RunResult.Step> steps = new ArrayList<>();
        for (int i = 0; i < stepHistograms.size(); i++) {
            long[] acked = stepAcked.get(i);
            steps.add(new RunResult.Step(ladder[i][0], acked[1] == 0 ? 0 : acked[0] * 1000.0 / acked[1],
                    stepHistograms.get(i)));
        }
        return steps;
    }

    static double millis(Histogram histogram, double percentile) {
        if (histogram == null || histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
