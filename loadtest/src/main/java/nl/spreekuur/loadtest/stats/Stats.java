package nl.spreekuur.loadtest.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The live measurements of one load generator: counters, errors by code and latency recorders (microseconds).
 * Thread-safe; {@link #snapshot()} takes the interval histograms since the previous call.
 */
public final class Stats {
    /** Counter names, as they appear in the JSON and the summary. */
    public static final String CONNECTIONS = "connections";
    public static final String SENT = "sent";
    public static final String ACKED = "acked";
    public static final String DELIVERED = "delivered";
    public static final String GAPS = "gaps";
    public static final String DUPLICATES = "duplicates";
    public static final String LOST = "lost";
    public static final String UNACKED = "unacked";
    public static final String CHATS_STARTED = "chatsStarted";
    public static final String CHATS_ENDED = "chatsEnded";
    public static final String RESUMED = "resumed";
    public static final String NOT_RECOVERED = "notRecovered";
    public static final String CLAIM_RACES = "claimRaces";
    public static final String OFFERED_RATE = "offeredRate";

    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Map<String, Recorder> recorders = new LinkedHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong offeredRate = new AtomicLong();

    public Stats() {
        for (String name : new String[] {Snapshot.ACK, Snapshot.DELIVERY, Snapshot.WAIT, Snapshot.CONNECT,
                Snapshot.RESUME}) {
            recorders.put(name, new Recorder(HIGHEST_MICROS, 3));
        }
    }

    public void record(String histogram, long micros) {
        recorders.get(histogram).recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
    }

    public void count(String counter) {
        add(counter, 1);
    }

    public void add(String counter, long n) {
        counters.computeIfAbsent(counter, k -> new LongAdder()).add(n);
    }

    public long get(String counter) {
        LongAdder adder = counters.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    public void error(String code) {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** The message rate the generator offers right now (for the ladder). */
    public void offeredRate(long perSecond) {
        offeredRate.set(perSecond);
    }

    public synchronized Snapshot snapshot() {
        Map<String, Long> values = new LinkedHashMap<>();
        counters.forEach((name, adder) -> values.put(name, adder.sum()));
        values.put(CONNECTIONS, connections.get());
        values.put(OFFERED_RATE, offeredRate.get());
        Map<String, Long> errorValues = new LinkedHashMap<>();
        errors.forEach((code, adder) -> errorValues.put(code, adder.sum()));
        Map<String, org.HdrHistogram.Histogram> intervals = new LinkedHashMap<>();
        recorders.forEach((name, recorder) -> intervals.put(name, recorder.getIntervalHistogram()));
        return new Snapshot(System.currentTimeMillis(), values, errorValues, intervals);
    }
}
