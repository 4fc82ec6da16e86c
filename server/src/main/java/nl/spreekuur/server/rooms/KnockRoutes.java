package nl.spreekuur.server.rooms;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.spreekuur.server.http.HttpCall;
import nl.spreekuur.server.http.HttpProblem;
import nl.spreekuur.server.http.HttpReply;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Rooms;

/**
 * The knock link's HTTP API: what {@code /g/k/<code>} shows ({@code GET /api/public/knock/{code}}) and knocking
 * with a nickname ({@code POST /api/rooms/knock}), which hands out the (not yet admitted) member credential.
 */
final class KnockRoutes {
    private final RoomKnocks knocks;

    KnockRoutes(RoomKnocks knocks) {
        this.knocks = knocks;
    }

    void register(Routes routes) {
        routes.get("/api/public/knock/{code}", this::preview)
                .post("/api/rooms/knock", this::knock);
    }

    private HttpReply preview(HttpCall call) {
        Rooms.Room room;
        try {
            room = knocks.knockable(call.pathParam("code"));
        } catch (RoomMembership.Refused e) {
            throw RoomRoutes.problem(e.refusal());
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("roomName", room.name());
        reply.put("description", room.description());
        return HttpReply.ok(reply);
    }

    /** Body {@code {"code": .., "nickname": ..}}. */
    private HttpReply knock(HttpCall call) {
        Map<String, Object> body = call.jsonObject();
        RoomKnocks.Knocked knocked;
        try {
            knocked = knocks.knock(Json.string(body, "code").orElse(""), Json.string(body, "nickname").orElse(""));
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
