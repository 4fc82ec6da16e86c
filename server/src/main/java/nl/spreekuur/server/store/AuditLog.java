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
    /** @param actorSession the actor's session id ("from where" without an address), may be null */
    record Entry(Instant at, String organisationId, String actorId, String actorRole, String action,
                 String targetType, String targetId, String onBehalfOf, String detail, String actorSession) {

        /** An entry without a session (e.g. a failed login). */
        public Entry(Instant at, String organisationId, String actorId, String actorRole, String action,
                     String targetType, String targetId, String onBehalfOf, String detail) {
            this(at, organisationId, actorId, actorRole, action, targetType, targetId, onBehalfOf, detail, null);
        }
    }

    /** A stored entry with its id (ascending in order of recording). */
    record Stored(long id, Entry entry) {
    }

    /**
     * A filtered page, newest first.
     *
     * @param actorId   exact, or null for all
     * @param action    an action and the ones below it ("login": "login", "login.failed", …), or null for all
     * @param subjectId matches target id or on-behalf-of, or null for all
     * @param beforeId  only entries with a smaller id (the page before ended there), or null
     */
    record Query(String organisationId, Instant from, Instant to, String actorId, String action, String subjectId,
                 Long beforeId, int limit) {
    }

    void record(Entry entry);

    /** Entries of the organisation in [from, to), oldest first. */
    List<Entry> list(String organisationId, Instant from, Instant to);

    /** The organisation's entries matching the query, newest first, at most {@code query.limit()}. */
    List<Stored> page(Query query);

    int deleteBefore(Instant cutoff);
}
