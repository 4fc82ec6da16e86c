package nl.spreekuur.server.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import nl.spreekuur.server.store.StoreException;
import nl.spreekuur.server.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded database so that rows deleted by retention are gone from the disk, not only from the
 * tables: H2's MVStore writes every change to new pages and keeps the old ones in freed chunks of its file until the
 * space happens to be reused, so a purged transcript stays readable (to whoever holds the store key) for an
 * unknown time. So is whatever the journal's segments still hold until a later checkpoint.
 *
 * <p>How: the store is paused ({@link StoreGate}: new work waits, bounded; work in flight finishes), the journal
 * closes its segment, every connection is closed (the pool and the sync connection, so H2 closes the file), the file
 * is rebuilt from its live rows ({@link H2Rebuild#rebuildNow}: export, new file, reload, crash-safe at every step),
 * the connections are opened again, the journal's closed segments are deleted and the store resumes. The server
 * itself compacts nothing while H2 is open: a trial of H2's online compaction called from here brought an
 * acknowledged deletion back after a SIGKILL. (H2's own background housekeeping, left on, does move chunks while
 * the server writes, keeping its retention time; docs/architecture.md.)
 *
 * <p>A rebuild that fails before its export is complete (a full disk) leaves the database file as it was: the store
 * goes on with it. One that fails later is finished from its export ({@link H2Rebuild#ifNeeded}); if that fails too,
 * the store stays closed (every request is answered UNAVAILABLE) rather than opening a half-built file, and the next
 * start finishes the rebuild.
 *
 * <p>Runs on a thread of its own, so an interrupt of the caller (a job thread stopped at shutdown) never hits H2's
 * file channels half-way; {@link #close} waits for a running compaction.
 */
final class StoreCompaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCompaction.class);
    /** How long a compaction waits for the work in flight to finish before it gives up (nothing paused then). */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final StoreSettings settings;
    private final StoreGate gate;
    private final ReopenablePool pool;
    private final SyncConnection sync;
    private final HotPathLog hotPath;
    private final ReentrantLock running = new ReentrantLock();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "store-compaction");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile Runnable afterPause = () -> { };
    /** Whether the last replacement rebuilt the file; compaction thread only. */
    private boolean rebuilt;

    StoreCompaction(StoreSettings settings, StoreGate gate, ReopenablePool pool, SyncConnection sync,
                    HotPathLog hotPath) {
        this.settings = settings;
        this.gate = gate;
        this.pool = pool;
        this.sync = sync;
        this.hotPath = hotPath;
    }

    /**
     * Pauses the store, rebuilds its file and resumes; returns false if it did not run (the store is closing or was
     * left closed by a failed compaction, or the work in flight did not finish within {@link #DRAIN_TIMEOUT}, or a
     * connection kept the database open).
     *
     * @throws StoreException if the rebuild failed (see the class comment for what the store does then)
     */
    boolean compact() {
        if (closed || gate.broken()) {
            return false;
        }
        Future<Boolean> result;
        try {
            result = thread.submit(this::compactHere);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return false;
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false; // the compaction itself goes on; close() waits for it
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new StoreException("compaction failed", e.getCause());
        }
    }

    /** Tests: runs {@code hook} on the compaction thread right after the store is paused. */
    void afterPause(Runnable hook) {
        this.afterPause = hook;
    }

    private boolean compactHere() {
        running.lock();
        try {
            if (closed || gate.broken()) {
                return false;
            }
            long started = System.nanoTime();
            long before = size(database());
            if (!gate.pause(DRAIN_TIMEOUT)) {
                LOG.warn("store compaction skipped: work in flight did not finish within {} s",
                        DRAIN_TIMEOUT.toSeconds());
                return false;
            }
            long pausedAt = System.nanoTime();
            int segments;
            try {
                afterPause.run();
                segments = hotPath.aroundDatabaseReplacement(this::replaceDatabase);
            } finally {
                gate.resume();
            }
            if (!rebuilt) {
                return false;
            }
            long now = System.nanoTime();
            LOG.info("store compacted: database file {} KB -> {} KB, {} journal segment(s) deleted, store paused {} ms"
                            + " (in all {} ms)", before / 1024, size(database()) / 1024, segments,
                    (now - pausedAt) / 1_000_000, (now - started) / 1_000_000);
            return true;
        } finally {
            running.unlock();
        }
    }

    /**
     * Runs inside the journal's replacement: afterwards the journal deletes its closed segments, so the database must
     * hold their records durably, rebuilt or (if the rebuild was skipped) synced.
     */
    private void replaceDatabase() {
        rebuilt = false;
        sync.closedDuring(this::rebuild);
        if (!rebuilt) {
            try {
                sync.sync();
            } catch (java.sql.SQLException e) {
                throw new StoreException("could not write to disk (" + e.getSQLState() + ")", e);
            }
        }
    }

    /**
     * Runs with the sync connection closed (by the caller); closes the pool's. Checks that H2 has closed the
     * database before anything is deleted: a connection still open elsewhere in this process would keep the old
     * database alive in memory, and the reload would go into it instead of the new file.
     */
    private void rebuild(BooleanSupplier databaseClosed) {
        pool.close();
        if (!databaseClosed.getAsBoolean()) {
            LOG.warn("store compaction skipped: a connection kept the embedded database open");
            reopen();
            return;
        }
        try {
            H2Rebuild.rebuildNow(settings);
        } catch (RuntimeException first) {
            if (!H2Rebuild.exportComplete(settings) && Files.exists(database())) {
                // failed while exporting (e.g. a full disk): the database file was not touched
                LOG.warn("store compaction failed before its export was complete ({}); the store goes on with its"
                        + " file as it was", first.getClass().getName());
                reopen();
                return;
            }
            LOG.error("store compaction failed ({}); finishing the rebuild from its export",
                    first.getClass().getName());
            try {
                H2Rebuild.ifNeeded(settings);
            } catch (RuntimeException second) {
                StoreException broken = new StoreException("the embedded store could not be rebuilt; restart the"
                        + " server (it finishes the rebuild on start)", second);
                gate.breakWith(broken);
                LOG.error("the embedded store stays closed until the next start: {}", second.getClass().getName());
                throw broken;
            }
        }
        reopen();
        rebuilt = true;
    }

    private void reopen() {
        try {
            pool.reopen();
        } catch (RuntimeException e) {
            StoreException broken = new StoreException("the embedded store could not be reopened after its"
                    + " compaction; restart the server", e);
            gate.breakWith(broken);
            throw broken;
        }
    }

    private Path database() {
        return Path.of(JdbcStore.h2FileBase(settings) + ".mv.db");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits for a running compaction; none starts afterwards. */
    @Override
    public void close() {
        closed = true;
        running.lock();
        running.unlock();
        thread.shutdown();
    }
}
