package nl.spreekuur.loadtest.stats;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one load generator (a thread group or a worker process) measured: counters and errors so far (absolute),
 * and the latency histograms of the interval since its previous snapshot (in microseconds).
 */
public record Snapshot(long atMillis, Map<String, Long> counters, Map<String, Long> errors,
                       Map<String, Histogram> intervals) {
    public static final String ACK = "ack";
    public static final String DELIVERY = "delivery";
    public static final String WAIT = "wait";
    public static final String CONNECT = "connect";
    public static final String RESUME = "resume";

    public Snapshot {
        counters = new TreeMap<>(counters);
        errors = new TreeMap<>(errors);
        intervals = new TreeMap<>(intervals);
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
