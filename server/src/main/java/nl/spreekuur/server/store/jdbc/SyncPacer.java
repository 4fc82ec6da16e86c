package nl.spreekuur.server.store.jdbc;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Spaces the journal's fsyncs under load: a sync that would start less than {@code gap} after the previous one
 * ended first waits for the rest of the gap, and everything appended meanwhile is covered by it. Without load (the
 * previous sync ended longer ago) a sync starts at once, so a lone message waits for nothing extra.
 *
 * <p>Why: every fsync costs this machine ≈ 50 µs of kernel CPU plus thread wake-ups however little it covers, and
 * at a steady 2,000 messages/s a sync covered 1.9 of them (3.6 with a 1 ms gap); a 1 ms gap costs at most 1 ms of
 * ack latency (BENCHMARKS.md, "Spaced journal syncs"). PostgreSQL's {@code commit_delay} is the same idea for its
 * WAL.
 *
 * <p>Not thread-safe by itself: {@link Journal} calls it from the one thread that runs the current sync, and hands
 * over between such threads under its sync monitor.
 */
final class SyncPacer {

    /** Waits for about {@code nanos} (may return early). */
    @FunctionalInterface
    interface Parker {
        void park(long nanos);
    }

    private final long gapNanos;
    private final LongSupplier nanoTime;
    private final Parker parker;
    /** When the previous sync ended; at first a whole gap ago, so the first sync starts at once. */
    private long lastEnded;

    SyncPacer(Duration gap, LongSupplier nanoTime, Parker parker) {
        if (gap.isNegative()) {
            throw new IllegalArgumentException("gap must not be negative");
        }
        this.gapNanos = gap.toNanos();
        this.nanoTime = nanoTime;
        this.parker = parker;
        this.lastEnded = nanoTime.getAsLong() - gapNanos;
    }

    /** A pacer on the real clock. */
    static SyncPacer of(Duration gap) {
        return new SyncPacer(gap, System::nanoTime, LockSupport::parkNanos);
    }

    /** No spacing: every sync starts at once. */
    static SyncPacer none() {
        return of(Duration.ZERO);
    }

    /** Called right before a sync: waits for what is left of the gap after the previous sync, if anything. */
    void beforeSync() {
        long wait = lastEnded + gapNanos - nanoTime.getAsLong();
        if (wait > 0) {
            parker.park(wait);
        }
    }

    /** Called when a sync has ended (also a failed one: the next waits just the same). */
    void afterSync() {
        lastEnded = nanoTime.getAsLong();
    }
}
