package nl.spreekuur.server.effects;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Authenticator;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.http.HttpCall;
import nl.spreekuur.server.http.HttpProblem;
import nl.spreekuur.server.http.HttpReply;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Store;

/**
 * The effect report's HTTP API (docs/protocol.md, "Effect reports"): Bearer token of an org-admin or a
 * kwaliteitsmedewerker (QUALITY) of the organisation; every answer holds only that organisation's figures and the
 * anonymous benchmark. Only the org-admin changes the benchmark participation.
 */
public final class EffectsRoutes {
    private final Store store;
    private final Authenticator authenticator;
    private final Auditor auditor;
    private final Clock clock;
    private final EffectReports reports;
    private final Benchmark benchmark;

    public EffectsRoutes(Store store, Authenticator authenticator, Auditor auditor, Clock clock) {
        this.store = store;
        this.authenticator = authenticator;
        this.auditor = auditor;
        this.clock = clock;
        this.reports = new EffectReports(store, clock);
        this.benchmark = new Benchmark(store, reports, clock);
    }

    public void register(Routes routes) {
        routes.get("/api/effects/report", this::report)
                .get("/api/effects/report.csv", this::csv)
                .get("/api/effects/export", this::export)
                .get("/api/effects/benchmark", this::benchmark)
                .get("/api/effects/participation", this::participation)
                .put("/api/effects/participation", this::setParticipation);
    }

    private HttpReply report(HttpCall call) {
        Principal p = reader(call);
        auditor.record(p, "effects.report", "organisation", p.organisationId(), null);
        return HttpReply.ok(reports.report(query(call, p)))
                .withHeader("Cache-Control", "no-store");
    }

    private HttpReply csv(HttpCall call) {
        Principal p = reader(call);
        EffectReports.Query q = query(call, p);
        auditor.record(p, "effects.export_csv", "organisation", p.organisationId(), null);
        return HttpReply.bytes(200, "text/csv; charset=utf-8", reports.csv(q).getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Disposition", "attachment; filename=\"effecten-" + q.kind().name().toLowerCase()
                        + "-" + q.from() + "-" + q.to() + ".csv\"")
                .withHeader("Cache-Control", "no-store");
    }

    private HttpReply export(HttpCall call) {
        Principal p = reader(call);
        EffectReports.Query q = query(call, p);
        auditor.record(p, "effects.export_json", "organisation", p.organisationId(), null);
        return HttpReply.ok(reports.export(q))
                .withHeader("Content-Disposition", "attachment; filename=\"effecten-" + q.kind().name().toLowerCase()
                        + "-" + q.from() + "-" + q.to() + ".json\"")
                .withHeader("Cache-Control", "no-store");
    }

    private HttpReply benchmark(HttpCall call) {
        Principal p = reader(call);
        return HttpReply.ok(benchmark.benchmark(query(call, p))).withHeader("Cache-Control", "no-store");
    }

    private HttpReply participation(HttpCall call) {
        Principal p = reader(call);
        return HttpReply.ok(participationOf(p.organisationId()));
    }

    private HttpReply setParticipation(HttpCall call) {
        Principal p = authenticated(call);
        if (!p.has(Role.ORG_ADMIN)) {
            throw HttpProblem.forbidden("requires the org-admin role");
        }
        Object optedIn = call.jsonObject().get("opted_in");
        if (!(optedIn instanceof Boolean flag)) {
            throw HttpProblem.badRequest("opted_in must be true or false");
        }
        store.effects().setBenchmarkOptIn(p.organisationId(), flag, clock.instant());
        auditor.record(p, flag ? "effects.benchmark_opt_in" : "effects.benchmark_opt_out", "organisation",
                p.organisationId(), null);
        return HttpReply.ok(participationOf(p.organisationId()));
    }

    private Map<String, Object> participationOf(String organisationId) {
        int participants = store.effects().benchmarkParticipants().size();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("opted_in", store.effects().benchmarkOptIn(organisationId).orElse(false));
        body.put("enough_organisations", participants >= Benchmark.MINIMUM);
        body.put("minimum_organisations", Benchmark.MINIMUM);
        return body;
    }

    private EffectReports.Query query(HttpCall call, Principal p) {
        try {
            return reports.query(p.organisationId(), param(call, "period"), param(call, "from"), param(call, "to"),
                    param(call, "channel"), param(call, "scope"));
        } catch (NoSuchElementException e) {
            throw HttpProblem.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
    }

    private static String param(HttpCall call, String name) {
        return call.queryParam(name).orElse("").strip();
    }

    private Principal authenticated(HttpCall call) {
        Principal p = call.bearerToken().flatMap(authenticator::authenticate)
                .orElseThrow(() -> HttpProblem.unauthenticated("a valid Bearer token is required"));
        if (!p.isStaff() || p.organisationId() == null) {
            throw HttpProblem.forbidden("requires the org-admin or quality role");
        }
        return p;
    }

    /** Org-admins and kwaliteitsmedewerkers read the reports. */
    private Principal reader(HttpCall call) {
        Principal p = authenticated(call);
        if (!p.has(Role.ORG_ADMIN) && !p.has(Role.QUALITY)) {
            throw HttpProblem.forbidden("requires the org-admin or quality role");
        }
        return p;
    }
}
