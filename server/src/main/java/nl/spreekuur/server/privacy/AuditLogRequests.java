package nl.spreekuur.server.privacy;

import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.AuditLogPage;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ListAuditLog;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.ProtoTime;

/**
 * {@code ListAuditLog}: a page of the organisation's audit log for org-admins and supervisors, newest first. Every
 * read is itself audited ({@code audit.read}, the filter as detail).
 */
public final class AuditLogRequests {
    private final AuditLogQueries queries;
    private final Auditor auditor;

    public AuditLogRequests(AuditLog log, nl.spreekuur.server.store.Accounts accounts, Auditor auditor,
                            java.time.Clock clock) {
        this.queries = new AuditLogQueries(log, accounts, clock);
        this.auditor = auditor;
    }

    public void register(RequestRouter router) {
        router.on(BodyCase.LIST_AUDIT_LOG, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                .setAuditLogPage(list(s.principal(), r.getListAuditLog())).build()));
    }

    AuditLogPage list(Principal principal, ListAuditLog request) {
        if (!AuditLogQueries.mayRead(principal)) {
            throw RequestException.forbidden("requires the org-admin or supervisor role");
        }
        int size = request.getPageSize() == 0 ? AuditLogQueries.DEFAULT_PAGE : request.getPageSize();
        if (size < 1 || size > AuditLogQueries.MAX_PAGE) {
            throw RequestException.invalid("page_size must be 1.." + AuditLogQueries.MAX_PAGE);
        }
        Long before = null;
        if (!request.getPageToken().isEmpty()) {
            try {
                before = Long.parseLong(request.getPageToken());
            } catch (NumberFormatException e) {
                throw RequestException.invalid("page_token is not one this server gave");
            }
        }
        AuditLogQueries.Filter filter;
        try {
            filter = queries.filter(request.hasFrom() ? ProtoTime.toInstant(request.getFrom()) : null,
                    request.hasTo() ? ProtoTime.toInstant(request.getTo()) : null, request.getActorId(),
                    request.getAction(), request.getSubjectId());
        } catch (AuditLogQueries.InvalidQuery e) {
            throw RequestException.invalid(e.getMessage());
        }
        List<AuditLog.Stored> rows = queries.page(principal.organisationId(), filter, before, size + 1);
        Map<String, String> names = queries.names(principal.organisationId());
        AuditLogPage.Builder page = AuditLogPage.newBuilder();
        rows.stream().limit(size).forEach(row -> page.addEntries(AuditLogQueries.toProto(row, names)));
        if (rows.size() > size) {
            page.setNextPageToken(Long.toString(rows.get(size - 1).id()));
        }
        auditor.record(principal, "audit.read", "organisation", principal.organisationId(), null,
                AuditLogQueries.describe(filter));
        return page.build();
    }
}
