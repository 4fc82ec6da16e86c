package nl.spreekuur.server.calls;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.spreekuur.server.http.ClientAddress;
import nl.spreekuur.server.http.HttpCall;
import nl.spreekuur.server.http.HttpProblem;
import nl.spreekuur.server.http.HttpReply;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Calls.Consult;
import nl.spreekuur.server.store.Calls.LinkRefusal;
import nl.spreekuur.server.store.Organisations;

/**
 * The consults' HTTP API, modelled on the room invites': what a join link shows before joining
 * ({@code GET /api/public/consults/{code}}) and using it ({@code POST /api/consults/join}), which hands out an
 * anonymous client credential for the consult's conversation. No token is needed: the code is the invitation.
 * Both share one token bucket per client address ({@code calls.consult-link-address-*}), so codes cannot be
 * guessed by the thousand: beyond it, 429 {@code RATE_LIMITED} with {@code Retry-After}.
 */
public final class ConsultRoutes {
    static final String TOO_MANY = "too many consult link requests from this address; try again later";

    private final CallContext ctx;
    private final ScheduledConsults consults;
    private final RateLimiter limiter;

    ConsultRoutes(CallContext ctx, ScheduledConsults consults, RateLimiter limiter) {
        this.ctx = ctx;
        this.consults = consults;
        this.limiter = limiter;
    }

    /** Takes a token from the client address's bucket, or answers 429 with Retry-After. */
    private void perAddress(HttpCall call) {
        var rate = ctx.config().consultLinkPerAddress();
        RateLimiter.Decision decision = limiter.tryAcquire("consult-link:" + ClientAddress.key(call.clientAddress()),
                new RateLimiter.Limit(rate.burst(), rate.perSecond()));
        if (!decision.allowed()) {
            throw HttpProblem.tooManyRequests("RATE_LIMITED", TOO_MANY, decision.retryAfter());
        }
    }

    public void register(Routes routes) {
        routes.get("/api/public/consults/{code}", this::preview)
                .post("/api/consults/join", this::join);
    }

    private HttpReply preview(HttpCall call) {
        perAddress(call);
        Consult consult;
        try {
            consult = consults.usable(call.pathParam("code"));
        } catch (ScheduledConsults.Refused e) {
            throw problem(e.refusal());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("startsAt", consult.startsAt());
        reply.put("durationMinutes", consult.durationMinutes());
        reply.put("organisationName", ctx.store().organisations().byId(consult.organisationId())
                .map(Organisations.Organisation::name).orElse(""));
        return HttpReply.ok(reply);
    }

    /** Body {@code {"code": .., "nickname": ..}} (nickname optional). */
    private HttpReply join(HttpCall call) {
        perAddress(call);
        Map<String, Object> body = call.jsonObject();
        ScheduledConsults.Joined joined;
        try {
            joined = consults.join(Json.string(body, "code").orElse(""), Json.string(body, "nickname").orElse(""));
        } catch (ScheduledConsults.Refused e) {
            throw problem(e.refusal());
        } catch (RequestException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        Map<String, Object> consult = new LinkedHashMap<>();
        consult.put("id", joined.consult().id());
        consult.put("conversationId", joined.consult().conversationId());
        consult.put("startsAt", joined.consult().startsAt());
        consult.put("durationMinutes", joined.consult().durationMinutes());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("token", joined.token());
        reply.put("expiresAt", joined.expiresAt());
        reply.put("principalId", joined.principalId());
        reply.put("participantId", joined.participantId());
        reply.put("consult", consult);
        return HttpReply.ok(reply);
    }

    static HttpProblem problem(LinkRefusal refusal) {
        return switch (refusal) {
            case UNKNOWN_CODE -> HttpProblem.notFound("unknown link");
            case CONSULT_ENDED -> new HttpProblem(410, "CONSULT_ENDED", "this video consult has ended");
            case REVOKED -> new HttpProblem(410, "LINK_REVOKED", "this link was withdrawn");
            case USED -> new HttpProblem(410, "LINK_USED", "this link has already been used");
            case EXPIRED -> new HttpProblem(410, "LINK_EXPIRED", "this link has expired");
        };
    }
}
