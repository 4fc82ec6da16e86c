package nl.spreekuur.server.audit;

import java.time.Clock;
import java.util.stream.Collectors;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.AuditLog;

/**
 * Records who accessed which conversation or personal data, when, and on whose behalf. Only ids and action names
 * are written; never message content, nicknames or tokens.
 */
public final class Auditor {
    /** The actor role of {@link #recordSystem} entries. */
    public static final String SYSTEM = "SYSTEM";

    private final AuditLog log;
    private final Clock clock;

    public Auditor(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param action     a stable name such as "conversation.read" or "conversation.supervise"
     * @param onBehalfOf whose data (e.g. the client principal id) or in which role (e.g. "office-hour:ID")
     */
    public void record(Principal actor, String action, String targetType, String targetId, String onBehalfOf) {
        record(actor, action, targetType, targetId, onBehalfOf, null);
    }

    /**
     * @param detail staff-written context of the action (e.g. the reason a moderator gave for deleting a group
     *               room); never client content
     */
    public void record(Principal actor, String action, String targetType, String targetId, String onBehalfOf,
                       String detail) {
        String roles = actor.isStaff()
                ? actor.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(","))
                : "CLIENT";
        log.record(new AuditLog.Entry(clock.instant(), actor.organisationId(), actor.id(), roles, action, targetType,
                targetId, onBehalfOf, detail, actor.sessionId()));
    }

    /**
     * Something the server did on its own (no actor id, role {@value #SYSTEM}), e.g. deleting personal data whose
     * retention period is over.
     */
    public void recordSystem(String organisationId, String action, String targetType, String targetId,
                             String onBehalfOf, String detail) {
        log.record(new AuditLog.Entry(clock.instant(), organisationId, null, SYSTEM, action, targetType, targetId,
                onBehalfOf, detail, null));
    }
}
