package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;

/**
 * Append-only record of who accessed which conversation or personal data, when, and on whose behalf.
 * Never holds message content.
 */
public interface AuditLog {

    /**
     * @param action     e.g. "conversation.read", "conversation.supervise", "offline_message.read"
     * @param onBehalfOf the principal whose data was accessed, or the office hour the actor served, may be null
     * @param detail     short non-personal detail, may be null
     */
    record Entry(Instant at, String organisationId, String actorId, String actorRole, String action,
                 String targetType, String targetId, String onBehalfOf, String detail) {
    }

    void record(Entry entry);

    /** Entries of the organisation in [from, to), oldest first. */
    List<Entry> list(String organisationId, Instant from, Instant to);

    int deleteBefore(Instant cutoff);
}
