package nl.spreekuur.server.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the embedded store is compacted ({@link Store#compact()}): after a round of the retention jobs that deleted
 * content (or after content was deleted otherwise, {@link #contentDeleted}), at most once per
 * {@code store.compact-min-interval-minutes} (judged by the injected clock). A deletion within the interval is
 * remembered and compacted once the interval has passed, even if later rounds delete nothing, so deleted content is
 * gone from the disk at the latest one interval (plus one job round) after its deletion.
 *
 * <p>Why not after every purge: the store pauses for the compaction (about as long as exporting and loading the whole
 * database, see docs/operations.md), and a busy office hour purges a chat every few minutes.
 */
public final class CompactionSchedule {
    private static final Logger log = LoggerFactory.getLogger(CompactionSchedule.class);

    private final Store store;
    private final Clock clock;
    private final boolean enabled;
    private final Duration minInterval;
    // guarded by this: deletions seen, and how many of them the last successful compaction covered
    private long deletions;
    private long compacted;
    private Instant last;

    /**
     * @param enabled false for PostgreSQL (its VACUUM) and when {@code store.compact-after-purge} is off
     */
    public CompactionSchedule(Store store, Clock clock, boolean enabled, Duration minInterval) {
        this.store = store;
        this.clock = clock;
        this.enabled = enabled;
        this.minInterval = minInterval;
    }

    /**
     * A deletion outside the retention jobs (a privacy request, a deleted room or message, anything
     * {@code ConversationService.afterContentDeleted} reports): compacted at the next round the interval allows.
     */
    public synchronized void contentDeleted() {
        deletions++;
    }

    /**
     * Called after each round of the retention jobs (one thread) with how many items of content they deleted;
     * compacts on this thread when due.
     */
    public void afterRetention(int purged) {
        long covers;
        synchronized (this) {
            if (!enabled) {
                return;
            }
            if (purged > 0) {
                deletions++;
            }
            Instant now = clock.instant();
            if (deletions == compacted || (last != null && now.isBefore(last.plus(minInterval)))) {
                return;
            }
            last = now;
            covers = deletions;
        }
        // Not holding the lock: a privacy request that deletes meanwhile is counted for the next compaction.
        try {
            if (store.compact()) {
                synchronized (this) {
                    compacted = Math.max(compacted, covers);
                }
            }
        } catch (RuntimeException e) {
            log.warn("store compaction failed: {}", e.getClass().getName());
        }
    }
}
