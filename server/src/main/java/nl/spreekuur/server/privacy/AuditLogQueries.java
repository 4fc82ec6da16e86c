package nl.spreekuur.server.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.AuditEntry;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;

/**
 * Reading the organisation's audit log (NEN 7513: who, whose data, what, when, from where) for the workspace view and
 * the CSV export: who may (org-admins and supervisors of the organisation), the filters and their bounds, and the
 * entries with the actor's current display name. The log holds no client addresses; "from where" is the actor's
 * session id.
 */
final class AuditLogQueries {
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    static final Duration MAX_PERIOD = Duration.ofDays(366);
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;
    static final int MAX_FILTER_CHARS = 100;

    /** Why a query cannot be answered; the message is for developers and holds no user content. */
    static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String message) {
            super(message, null, false, false);
        }
    }

    /** A checked query: the period and the optional filters (null when not given). */
    record Filter(Instant from, Instant to, String actorId, String action, String subjectId) {
    }

    private final AuditLog log;
    private final Accounts accounts;
    private final Clock clock;

    AuditLogQueries(AuditLog log, Accounts accounts, Clock clock) {
        this.log = log;
        this.accounts = accounts;
        this.clock = clock;
    }

    static boolean mayRead(Principal principal) {
        return principal.isStaff() && principal.organisationId() != null
                && (principal.has(Role.ORG_ADMIN) || principal.has(Role.SUPERVISOR));
    }

    /**
     * @param from null: {@code to} minus 30 days; @param to null: up to now (this second included)
     * @throws InvalidQuery when {@code from} is not before {@code to}, the period is longer than 366 days or a
     *                      filter is longer than 100 characters
     */
    Filter filter(Instant from, Instant to, String actorId, String action, String subjectId) {
        Instant end = to == null ? clock.instant().plusSeconds(1) : to;
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : from;
        if (!start.isBefore(end)) {
            throw new InvalidQuery("from must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_PERIOD) > 0) {
            throw new InvalidQuery("the period is at most 366 days");
        }
        return new Filter(start, end, optional(actorId, "actor"), optional(action, "action"),
                optional(subjectId, "subject"));
    }

    private static String optional(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > MAX_FILTER_CHARS) {
            throw new InvalidQuery(name + " must be at most " + MAX_FILTER_CHARS + " characters");
        }
        return v;
    }

    /** Newest first, entries with an id below {@code beforeId} (null: from the newest). */
    List<AuditLog.Stored> page(String organisationId, Filter filter, Long beforeId, int size) {
        return log.page(new AuditLog.Query(organisationId, filter.from(), filter.to(), filter.actorId(),
                filter.action(), filter.subjectId(), beforeId, size));
    }

    /** Account id → display name of the organisation's accounts (deleted accounts are not in it). */
    Map<String, String> names(String organisationId) {
        Map<String, String> names = new HashMap<>();
        accounts.byOrganisation(organisationId).forEach(a -> names.put(a.id(), a.displayName()));
        return names;
    }

    static AuditEntry toProto(AuditLog.Stored stored, Map<String, String> names) {
        AuditLog.Entry e = stored.entry();
        return AuditEntry.newBuilder().setId(stored.id()).setAt(ProtoTime.of(e.at()))
                .setActorId(text(e.actorId())).setActorName(names.getOrDefault(text(e.actorId()), ""))
                .setActorRole(text(e.actorRole())).setAction(e.action()).setTargetType(text(e.targetType()))
                .setTargetId(text(e.targetId())).setOnBehalfOf(text(e.onBehalfOf())).setDetail(text(e.detail()))
                .setActorSession(text(e.actorSession())).build();
    }

    /** A short, content-free description of the filter for the audit entry of the read itself. */
    static String describe(Filter f) {
        StringBuilder d = new StringBuilder(f.from() + ".." + f.to());
        if (f.actorId() != null) {
            d.append(" actor=").append(f.actorId());
        }
        if (f.action() != null) {
            d.append(" action=").append(f.action());
        }
        if (f.subjectId() != null) {
            d.append(" subject=").append(f.subjectId());
        }
        return d.length() > 500 ? d.substring(0, 500) : d.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
