package nl.spreekuur.server.rooms;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.spreekuur.server.config.RoomsConfig;
import nl.spreekuur.server.http.ClientAddress;
import nl.spreekuur.server.http.HttpCall;
import nl.spreekuur.server.http.HttpProblem;
import nl.spreekuur.server.http.HttpReply;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Rooms;

/**
 * The knock link's HTTP API: what {@code /g/k/<code>} shows ({@code GET /api/public/knock/{code}}: the room and its
 * house rules) and knocking with a nickname ({@code POST /api/rooms/knock}), which hands out the (not yet admitted)
 * member credential. Both share one token bucket per client address ({@code rooms.knock-address-*}): beyond it, 429
 * {@code RATE_LIMITED} with {@code Retry-After}, as for the consult links.
 */
final class KnockRoutes {
    static final String TOO_MANY = "too many knock requests from this address; try again later";

    private final RoomKnocks knocks;
    private final RoomsConfig settings;
    private final RateLimiter limiter;

    KnockRoutes(RoomKnocks knocks, RoomsConfig settings, RateLimiter limiter) {
        this.knocks = knocks;
        this.settings = settings;
        this.limiter = limiter;
    }

    void register(Routes routes) {
        routes.get("/api/public/knock/{code}", this::preview)
                .post("/api/rooms/knock", this::knock);
    }

    /** Takes a token from the client address's bucket, or answers 429 with Retry-After. */
    private void perAddress(HttpCall call) {
        var rate = settings.knockPerAddress();
        RateLimiter.Decision decision = limiter.tryAcquire("knock:" + ClientAddress.key(call.clientAddress()),
                new RateLimiter.Limit(rate.burst(), rate.perSecond()));
        if (!decision.allowed()) {
            throw HttpProblem.tooManyRequests("RATE_LIMITED", TOO_MANY, decision.retryAfter());
        }
    }

    private HttpReply preview(HttpCall call) {
        perAddress(call);
        Rooms.Room room;
        try {
            room = knocks.knockable(call.pathParam("code"));
        } catch (RoomMembership.Refused e) {
            throw RoomRoutes.problem(e.refusal());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("roomName", room.name());
        reply.put("description", room.description());
        reply.put("houseRules", knocks.houseRules(room));
        return HttpReply.ok(reply);
    }

    /** Body {@code {"code": .., "nickname": .., "acceptHouseRules": true}} (the last optional). */
    private HttpReply knock(HttpCall call) {
        perAddress(call);
        Map<String, Object> body = call.jsonObject();
        RoomKnocks.Knocked knocked;
        try {
            knocked = knocks.knock(Json.string(body, "code").orElse(""), Json.string(body, "nickname").orElse(""),
                    Boolean.TRUE.equals(body.get("acceptHouseRules")));
        } catch (RoomMembership.Refused e) {
            throw RoomRoutes.problem(e.refusal());
        } catch (RequestException e) {
            if (e.code() == nl.spreekuur.protocol.v1.ErrorCode.LIMIT_REACHED) {
                throw new HttpProblem(409, "LIMIT_REACHED", e.getMessage());
            }
            throw HttpProblem.badRequest(e.getMessage());
        }
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("id", knocked.room().id());
        room.put("name", knocked.room().name());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("token", knocked.token());
        reply.put("expiresAt", knocked.expiresAt());
        reply.put("principalId", knocked.principalId());
        reply.put("knockId", knocked.knock().id());
        reply.put("room", room);
        return HttpReply.ok(reply);
    }
}
