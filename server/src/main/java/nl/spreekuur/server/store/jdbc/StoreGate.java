package nl.spreekuur.server.store.jdbc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import nl.spreekuur.server.store.StoreBusyException;
import nl.spreekuur.server.store.StoreException;

/**
 * Lets {@link StoreCompaction} have the embedded database to itself for a moment: every piece of work the
 * {@link Database} runs enters the gate first and leaves it when its connection is back in the pool; a pause waits
 * until the work in flight has left and keeps new work waiting until it resumes.
 *
 * <p>Bounded: work waits at most {@code maxWait} at a closed gate and is then refused with
 * {@link StoreBusyException} (error code UNAVAILABLE, nothing written, retry with the same ids), the same answer
 * as for a saturated store. A pause that cannot drain the work in flight within its own limit is given up.
 *
 * <p>A fair read-write lock: work holds the read side (a thread that holds it may enter again, so nested work of
 * one request never waits for the pause it blocks), the pause takes the write side, and once a pause waits, new
 * work queues behind it instead of starving it.
 */
final class StoreGate {
    /** Null for a gate no pause ever closes. */
    private final ReentrantReadWriteLock lock;
    private final long maxWaitNanos;
    private volatile StoreException broken;

    StoreGate(Duration maxWait) {
        this.lock = new ReentrantReadWriteLock(true);
        this.maxWaitNanos = maxWait.toNanos();
    }

    private StoreGate() {
        this.lock = null;
        this.maxWaitNanos = 0;
    }

    /**
     * A gate for a store that is never compacted (PostgreSQL, an in-memory database): its work passes no lock, so
     * the request path pays nothing for a pause that cannot come.
     */
    static StoreGate alwaysOpen() {
        return new StoreGate();
    }

    /**
     * Enters for one piece of work; {@link #leave} when done.
     *
     * @throws StoreBusyException if a pause lasted longer than the wait allows
     * @throws StoreException     if a failed compaction left the database unusable until the next start
     */
    void enter() {
        if (lock == null) {
            return;
        }
        StoreException failure = broken;
        if (failure != null) {
            throw failure;
        }
        boolean entered;
        try {
            entered = lock.readLock().tryLock(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store");
        }
        if (!entered) {
            throw new StoreBusyException("the store is being compacted");
        }
        failure = broken;
        if (failure != null) {
            lock.readLock().unlock();
            throw failure;
        }
    }

    /** Enters without waiting; false while a pause holds the gate. {@link #leave} if true. */
    boolean tryEnter() {
        return lock == null || lock.readLock().tryLock();
    }

    /** Whether a failed compaction left the database closed until the next start. */
    boolean broken() {
        return broken != null;
    }

    void leave() {
        if (lock != null) {
            lock.readLock().unlock();
        }
    }

    /**
     * Waits until no work is in flight and keeps new work out; returns false (nothing paused) if the work in flight
     * did not finish within {@code drain}. The caller {@link #resume}s.
     */
    boolean pause(Duration drain) {
        try {
            return lock.writeLock().tryLock(drain.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void resume() {
        lock.writeLock().unlock();
    }

    /** How many threads wait at the gate (tests). */
    int waiting() {
        return lock.getQueueLength();
    }

    /** From now on every piece of work fails with {@code failure} (the database could not be reopened). */
    void breakWith(StoreException failure) {
        broken = failure;
    }
}
