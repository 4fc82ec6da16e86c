package nl.spreekuur.server.store.jdbc;

import java.sql.SQLException;
import nl.spreekuur.server.store.StoreException;

/**
 * Group commit for a database whose commits are not durable by themselves (H2's MVStore): callers that committed
 * take a ticket and wait until a sync that started after their ticket has finished. The first waiter runs the sync
 * itself (no extra thread); everyone who commits while it runs is covered by the next one, so under load many
 * commits share one chunk write and one fsync (~0.3 ms here) and durability costs little throughput.
 */
final class GroupSync implements Durability {

    /** One flush of everything committed so far to disk (e.g. H2's {@code CHECKPOINT SYNC}). */
    @FunctionalInterface
    interface Syncer {
        void sync() throws SQLException;
    }

    private final Syncer syncer;
    private final Object lock = new Object();
    // guarded by lock
    private long issued;
    private long durable;
    private boolean syncing;
    private long syncs;

    GroupSync(Syncer syncer) {
        this.syncer = syncer;
    }

    @Override
    public void awaitDurable() {
        boolean interrupted = false;
        try {
            interrupted = await();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Returns whether the thread was interrupted while waiting (durability is never abandoned half-way). */
    private boolean await() {
        boolean interrupted = false;
        long ticket;
        synchronized (lock) {
            ticket = ++issued;
        }
        while (true) {
            long covers;
            synchronized (lock) {
                while (syncing && durable < ticket) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (durable >= ticket) {
                    return interrupted;
                }
                syncing = true;
                covers = issued;
            }
            boolean done = false;
            try {
                syncer.sync();
                done = true;
            } catch (SQLException e) {
                throw new StoreException("could not write to disk (" + e.getSQLState() + ")", e);
            } finally {
                synchronized (lock) {
                    syncing = false;
                    if (done) {
                        durable = Math.max(durable, covers);
                        syncs++;
                    }
                    lock.notifyAll();
                }
            }
        }
    }

    /** How many syncs ran (each covering one or more commits). */
    long syncs() {
        synchronized (lock) {
            return syncs;
        }
    }
}
