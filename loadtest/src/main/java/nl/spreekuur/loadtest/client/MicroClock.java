package nl.spreekuur.loadtest.client;

/**
 * Wall-clock microseconds with nanoTime resolution: latencies are differences of two readings, carried in the
 * message text so that the receiving side (in any process on the same host) can compute send → delivered.
 */
public final class MicroClock {
    private static final long BASE_MICROS = System.currentTimeMillis() * 1000;
    private static final long BASE_NANOS = System.nanoTime();

    private MicroClock() {
    }

    public static long nowMicros() {
        return BASE_MICROS + (System.nanoTime() - BASE_NANOS) / 1000;
    }
}
