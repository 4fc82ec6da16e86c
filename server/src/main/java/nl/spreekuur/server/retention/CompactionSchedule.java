package nl.spreekuur.server.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nl.spreekuur.server.store.FileSpace;
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
 *
 * <p>Also when the file is mostly dead space ({@link DeadSpace}): H2 writes every change to new chunks and reuses a
 * chunk's space only once nothing in it is live, so a store that only grows keeps a file several times its data
 * (docs/architecture.md, "H2's housekeeping"). Such a compaction waits for a quiet store: no event appended for
 * {@link DeadSpace#quietFor} (at night, in a welfare organisation), so nobody waits for its pause.
 */
public final class CompactionSchedule {
    private static final Logger log = LoggerFactory.getLogger(CompactionSchedule.class);

    private final Store store;
    private final Clock clock;
    private final boolean enabled;
    private final Duration minInterval;
    private final DeadSpace deadSpace;
    // guarded by this: deletions seen, and how many of them the last successful compaction covered
    private long deletions;
    private long compacted;
    private Instant last;
    /** The store's append count when last read, and since when it has stayed so. Jobs thread only. */
    private long appendsSeen = -1;
    private Instant appendsSeenSince;

    /**
     * When a file that is mostly dead space is compacted: once at least {@code percent} of it is dead, it is at least
     * {@code minFileBytes} large and no message was stored for {@code quietFor}; {@code percent} 0 never.
     */
    public record DeadSpace(int percent, long minFileBytes, Duration quietFor) {
        public static final DeadSpace OFF = new DeadSpace(0, 0, Duration.ZERO);

        public DeadSpace {
            if (percent < 0 || percent > 99 || minFileBytes < 0 || quietFor.isNegative()) {
                throw new IllegalArgumentException("dead space percent 0-99, minimum file size and quiet time not"
                        + " negative");
            }
        }

        boolean reached(FileSpace space) {
            return percent > 0 && space.fileBytes() >= minFileBytes && space.deadPercent() >= percent;
        }
    }

    /**
     * @param enabled false for PostgreSQL (its VACUUM) and when {@code store.compact-after-purge} is off
     */
    public CompactionSchedule(Store store, Clock clock, boolean enabled, Duration minInterval) {
        this(store, clock, enabled, minInterval, DeadSpace.OFF);
    }

    /**
     * @param enabled   false for PostgreSQL (its VACUUM) and when {@code store.compact-after-purge} is off
     * @param deadSpace when a file that is mostly dead space is compacted (also when {@code enabled} is false)
     */
    public CompactionSchedule(Store store, Clock clock, boolean enabled, Duration minInterval, DeadSpace deadSpace) {
        this.store = store;
        this.clock = clock;
        this.enabled = enabled;
        this.minInterval = minInterval;
        this.deadSpace = deadSpace;
    }

    /** Whether the store's append count has stayed at {@code appends} for the dead-space quiet time. */
    private boolean quietSince(long appends, Instant now) {
        if (appends != appendsSeen) {
            appendsSeen = appends;
            appendsSeenSince = now;
            return false;
        }
        return !now.isBefore(appendsSeenSince.plus(deadSpace.quietFor()));
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
        Instant now = clock.instant();
        Optional<FileSpace> space = deadSpace.percent() > 0 ? store.fileSpace() : Optional.empty();
        boolean quiet = space.isPresent() && quietSince(space.get().eventsAppended(), now);
        long covers;
        synchronized (this) {
            if (enabled && purged > 0) {
                deletions++;
            }
            if (last != null && now.isBefore(last.plus(minInterval))) {
                return;
            }
            boolean deleted = enabled && deletions != compacted;
            boolean mostlyDead = quiet && deadSpace.reached(space.get());
            if (!deleted && !mostlyDead) {
                return;
            }
            if (!deleted) {
                log.info("compacting the embedded store: {} % of its file is dead space ({} MB live of {} MB) and no"
                                + " message was stored for {} s", space.get().deadPercent(),
                        space.get().liveBytes() / 1_000_000, space.get().fileBytes() / 1_000_000,
                        Duration.between(appendsSeenSince, now).toSeconds());
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
