package nl.spreekuur.server.rooms;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.server.store.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms' periodic work: rolling retention. A room kept "N days" loses every message older than N days (judged
 * by the injected clock) on each run, and so do its reports and messages held for review; a room kept "while it
 * exists" keeps everything. At most once a minute also the server-wide retention of decided knocks, ended private
 * talks and closed concerns ({@link RoomPeopleRetention}).
 */
public final class RoomJobs {
    private static final Logger log = LoggerFactory.getLogger(RoomJobs.class);
    private static final Duration PEOPLE_RETENTION_EVERY = Duration.ofMinutes(1);

    private final RoomContext ctx;
    private final RoomPeopleRetention people;
    private Instant peopleRetentionDue = Instant.MIN;

    RoomJobs(RoomContext ctx, RoomPeopleRetention people) {
        this.ctx = ctx;
        this.people = people;
    }

    /** Runs the rooms' retention once; returns how many items of content it deleted. */
    public synchronized int runOnce() {
        Instant now = ctx.clock().instant();
        int peoplePurged = 0;
        if (!now.isBefore(peopleRetentionDue)) {
            peopleRetentionDue = now.plus(PEOPLE_RETENTION_EVERY);
            try {
                peoplePurged = people.runOnce(now);
            } catch (RuntimeException e) {
                log.warn("room people retention failed, retried on the next run: {}", e.getClass().getName());
            }
        }
        int purged = 0;
        try {
            for (Rooms.Room room : ctx.store().rooms().withRetention()) {
                Instant cutoff = now.minus(Duration.ofDays(room.retentionDays()));
                int deleted = ctx.conversations().purgeBefore(room.conversationId(), cutoff);
                // reports (their reasons) and held messages follow the room's retention too
                ctx.store().roomSafeguards().purgeBefore(room.id(), cutoff);
                if (deleted > 0) {
                    // hidden messages go with them (the kept copies of purged events)
                    ctx.conversations().find(room.conversationId()).ifPresent(c ->
                            ctx.store().rooms().forgetHiddenBefore(room.id(), c.firstSeq()));
                }
                purged += deleted;
            }
        } catch (RuntimeException e) {
            log.warn("room retention failed, retried on the next run: {}", e.getClass().getName());
        }
        if (purged > 0) {
            log.info("room retention purged {} events", purged);
        }
        return peoplePurged + purged;
    }
}
