package nl.spreekuur.server.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * How the hot-path writes (events, receipt positions) become durable before they are answered. They are committed
 * with {@link Database#transactionJournaled} and then handed to {@link #append}.
 */
interface HotPathLog extends AutoCloseable {

    /** A checkpoint when the current journal segment holds this much, or is this old (bounds replay work). */
    long CHECKPOINT_BYTES = 16L * 1024 * 1024;
    Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    Duration CHECK_EVERY = Duration.ofMillis(500);
    /** Under load, a journal sync starts at least this long after the previous one ended ({@link SyncPacer}). */
    Duration SYNC_GAP = Duration.ofMillis(1);

    /** The commit itself is durable (PostgreSQL with synchronous_commit on) or nothing is (in-memory H2). */
    HotPathLog COMMIT_IS_ENOUGH = new HotPathLog() {
        @Override
        public void append(List<? extends JournalRecord> records) {
        }

        @Override
        public long appendLater(List<? extends JournalRecord> records) {
            return 0;
        }

        @Override
        public void awaitDurable(long position) {
        }

        @Override
        public int aroundDatabaseReplacement(Runnable replacement) {
            replacement.run();
            return 0;
        }

        @Override
        public void close() {
        }
    };

    /** Returns once the records (already committed to the database) are durable. */
    void append(List<? extends JournalRecord> records);

    /**
     * Hands the records over without waiting and returns their position; {@link #awaitDurable(long)} with it
     * returns once they (and everything handed over before) are durable. Lets the appender prepare its next batch
     * while the disk syncs the last one.
     */
    long appendLater(List<? extends JournalRecord> records);

    /** Returns once everything up to the position is durable. */
    void awaitDurable(long position);

    /**
     * Runs a replacement of the database file ({@link StoreCompaction}) and then drops what the log kept for the
     * database (it is all in the new file); returns how many journal segments were deleted.
     */
    int aroundDatabaseReplacement(Runnable replacement);

    @Override
    void close();

    /**
     * The embedded database's journal; {@code checkpoint} makes the database file durable (CHECKPOINT SYNC). A
     * thread of its own checkpoints when the journal is big or old enough, so writers never wait for one.
     */
    static HotPathLog journal(Path dir, JournalSeal seal, Journal.DatabaseCheckpoint checkpoint) {
        Journal journal = Journal.open(dir, seal, CHECKPOINT_BYTES, CHECKPOINT_INTERVAL, SyncPacer.of(SYNC_GAP));
        ScheduledExecutorService checkpointer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "store-journal-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        checkpointer.scheduleWithFixedDelay(() -> {
            try {
                if (journal.checkpointDue()) {
                    journal.checkpoint(checkpoint);
                }
            } catch (RuntimeException e) {
                // The journal keeps growing and is replayed if needed; the next round tries again.
                LoggerFactory.getLogger(HotPathLog.class).warn("journal checkpoint failed: {}", e.getClass().getName());
            }
        }, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return new HotPathLog() {
            @Override
            public void append(List<? extends JournalRecord> records) {
                journal.write(records);
            }

            @Override
            public long appendLater(List<? extends JournalRecord> records) {
                return journal.append(records);
            }

            @Override
            public void awaitDurable(long position) {
                journal.awaitDurable(position);
            }

            @Override
            public int aroundDatabaseReplacement(Runnable replacement) {
                return journal.aroundReplacement(replacement);
            }

            /** A last checkpoint; if the database cannot take it, the journal stays for the next start to replay. */
            @Override
            public void close() {
                checkpointer.shutdown();
                try {
                    checkpointer.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    journal.checkpoint(checkpoint);
                } finally {
                    journal.close();
                }
                Journal.deleteAll(dir);
            }
        };
    }
}
