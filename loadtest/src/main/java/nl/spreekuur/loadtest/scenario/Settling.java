package nl.spreekuur.loadtest.scenario;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a run waits, after it stopped sending, for its answers and deliveries: while the number still outstanding
 * keeps changing, and until it has not changed for {@link #QUIET} (at most {@link #CAP} in all). What is still
 * acknowledged and undelivered then is counted as lost. An overloaded server may hold a minute of backlog, which it
 * answers and delivers in order once the senders stop; a fixed wait would count that backlog as lost.
 */
final class Settling {
    static final Duration QUIET = Duration.ofSeconds(10);
    static final Duration CAP = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 20;

    /** Sleeps between polls (a test advances its clock instead). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private Settling() {
    }

    /** Waits until nothing is outstanding, or nothing changed for {@link #QUIET}, or {@link #CAP} has passed. */
    static void await(LongSupplier outstanding) throws InterruptedException {
        await(outstanding, System::nanoTime, Thread::sleep, QUIET, CAP);
    }

    static void await(LongSupplier outstanding, LongSupplier nanoTime, Sleeper sleeper, Duration quiet, Duration cap)
            throws InterruptedException {
        long start = nanoTime.getAsLong();
        long lastChange = start;
        long last = outstanding.getAsLong();
        long now = start;
        while (last > 0 && now - lastChange < quiet.toNanos() && now - start < cap.toNanos()) {
            sleeper.sleep(POLL_MILLIS);
            now = nanoTime.getAsLong();
            long current = outstanding.getAsLong();
            if (current != last) {
                last = current;
                lastChange = now;
            }
        }
    }
}
