package nl.spreekuur.server.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces retention limits in code (AVG/GDPR): conversation content whose purge time has passed (transcripts
 * without consent shortly after the chat, with consent after the office hour's retention period), the internal
 * notes that belong to them, ended sessions, and audit entries older than the audit retention.
 */
public final class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final Store store;
    private final Clock clock;
    private final Duration sessionRetention;
    private final Duration auditRetention;

    public RetentionJob(Store store, Clock clock, Duration sessionRetention, Duration auditRetention) {
        this.store = store;
        this.clock = clock;
        this.sessionRetention = sessionRetention;
        this.auditRetention = auditRetention;
    }

    /** Returns how many conversations had their content purged (0 also when the run failed half-way). */
    public int runOnce() {
        Instant now = clock.instant();
        int conversations = 0;
        try {
            List<String> purged = store.conversations().purgeDue(now);
            conversations = purged.size();
            if (!purged.isEmpty()) {
                store.internalNotes().deleteOf(purged);
                log.info("retention: purged the content of {} conversations", purged.size());
            }
            store.sessions().deleteEndedBefore(now.minus(sessionRetention));
            store.audit().deleteBefore(now.minus(auditRetention));
        } catch (RuntimeException e) {
            log.warn("retention run failed: {}", e.toString());
        }
        return conversations;
    }
}
