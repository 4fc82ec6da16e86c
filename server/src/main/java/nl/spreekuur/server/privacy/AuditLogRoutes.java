package nl.spreekuur.server.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.AuditEntry;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Authenticator;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.http.HttpCall;
import nl.spreekuur.server.http.HttpProblem;
import nl.spreekuur.server.http.HttpReply;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.ProtoTime;

/**
 * {@code GET /api/audit-log.csv}: the organisation's audit log as CSV (RFC 4180, UTF-8), newest first, with the
 * filters of {@code ListAuditLog} as query parameters, for org-admins and supervisors. At most {@value #MAX_ROWS}
 * rows: a larger result is refused (narrow the filters) rather than cut off silently. The export is audited
 * ({@code audit.export}, the filter and the row count as detail). Cells that a spreadsheet would read as a formula
 * get a leading apostrophe.
 */
public final class AuditLogRoutes {
    static final int MAX_ROWS = 50_000;
    private static final int BATCH = 1000;
    static final String HEADER = "at,actor_id,actor_name,actor_role,action,target_type,target_id,on_behalf_of,"
            + "detail,actor_session";

    private final AuditLogQueries queries;
    private final Authenticator authenticator;
    private final Auditor auditor;

    public AuditLogRoutes(AuditLog log, Accounts accounts, Authenticator authenticator, Auditor auditor,
                          Clock clock) {
        this.queries = new AuditLogQueries(log, accounts, clock);
        this.authenticator = authenticator;
        this.auditor = auditor;
    }

    public void register(Routes routes) {
        routes.get("/api/audit-log.csv", this::csv);
    }

    HttpReply csv(HttpCall call) {
        Principal p = call.bearerToken().flatMap(authenticator::authenticate)
                .orElseThrow(() -> HttpProblem.unauthenticated("a valid Bearer token is required"));
        if (!AuditLogQueries.mayRead(p)) {
            throw HttpProblem.forbidden("requires the org-admin or supervisor role");
        }
        AuditLogQueries.Filter filter;
        try {
            filter = queries.filter(instant(call, "from"), instant(call, "to"), param(call, "actor"),
                    param(call, "action"), param(call, "subject"));
        } catch (AuditLogQueries.InvalidQuery e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        Map<String, String> names = queries.names(p.organisationId());
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        int rows = 0;
        Long before = null;
        while (true) {
            List<AuditLog.Stored> batch = queries.page(p.organisationId(), filter, before, BATCH);
            for (AuditLog.Stored row : batch) {
                if (++rows > MAX_ROWS) {
                    throw HttpProblem.badRequest("more than " + MAX_ROWS + " entries; narrow the period or filters");
                }
                line(csv, AuditLogQueries.toProto(row, names));
            }
            if (batch.size() < BATCH) {
                break;
            }
            before = batch.get(batch.size() - 1).id();
        }
        auditor.record(p, "audit.export", "organisation", p.organisationId(), null,
                AuditLogQueries.describe(filter) + " rows=" + rows);
        return HttpReply.bytes(200, "text/csv; charset=utf-8", csv.toString().getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Disposition", "attachment; filename=\"auditlog-"
                        + filter.from().toString().substring(0, 10) + "-" + filter.to().toString().substring(0, 10)
                        + ".csv\"")
                .withHeader("Cache-Control", "no-store");
    }

    private static void line(StringBuilder csv, AuditEntry e) {
        String[] cells = {ProtoTime.toInstant(e.getAt()).toString(), e.getActorId(), e.getActorName(),
            e.getActorRole(), e.getAction(), e.getTargetType(), e.getTargetId(), e.getOnBehalfOf(), e.getDetail(),
            e.getActorSession()};
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells[i]));
        }
        csv.append("\r\n");
    }

    /** RFC 4180 quoting, and a leading apostrophe before what a spreadsheet would take for a formula. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static String param(HttpCall call, String name) {
        return call.queryParam(name).orElse("");
    }

    private static Instant instant(HttpCall call, String name) {
        String text = param(call, name).strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest(name + " must be an RFC 3339 UTC time, e.g. 2026-11-01T00:00:00Z");
        }
    }
}
