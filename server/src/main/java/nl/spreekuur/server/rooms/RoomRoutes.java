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
import nl.spreekuur.server.store.Rooms.JoinRefusal;

/**
 * The rooms' HTTP API: what an invite link shows before joining ({@code GET /api/public/invites/{code}}) and joining
 * with a nickname ({@code POST /api/rooms/join}), which hands out the member credential. No token is needed: the
 * invite code is the invitation.
 */
public final class RoomRoutes {
    private final RoomMembership membership;
    private final RoomContext ctx;
    private final RoomSafetyRoutes safety;
    private final KnockRoutes knocks;

    RoomRoutes(RoomContext ctx, RoomMembership membership, RoomSafetyRoutes safety, KnockRoutes knocks) {
        this.ctx = ctx;
        this.membership = membership;
        this.safety = safety;
        this.knocks = knocks;
    }

    public void register(Routes routes) {
        routes.get("/api/public/invites/{code}", this::invite)
                .post("/api/rooms/join", this::join);
        safety.register(routes);
        knocks.register(routes);
    }

    /** The room's name and description if the code could be used now; the join's errors otherwise. */
    private HttpReply invite(HttpCall call) {
        String code = call.pathParam("code");
        Rooms.Invite invite = ctx.store().rooms().inviteByCode(code)
                .orElseThrow(() -> problem(JoinRefusal.UNKNOWN_CODE));
        Rooms.Room room = ctx.store().rooms().byId(invite.roomId())
                .orElseThrow(() -> problem(JoinRefusal.UNKNOWN_CODE));
        JoinRefusal refusal = usable(invite, room);
        if (refusal != null) {
            throw problem(refusal);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("roomName", room.name());
        reply.put("description", room.description());
        return HttpReply.ok(reply);
    }

    private JoinRefusal usable(Rooms.Invite invite, Rooms.Room room) {
        int maxUses = invite.singleUse() ? 1 : invite.maxUses();
        if (invite.revokedAt() != null) {
            return JoinRefusal.REVOKED;
        }
        if (invite.expiresAt() != null && !ctx.clock().instant().isBefore(invite.expiresAt())) {
            return JoinRefusal.EXPIRED;
        }
        if (maxUses > 0 && invite.uses() >= maxUses) {
            return JoinRefusal.USED_UP;
        }
        if (room.state() == nl.spreekuur.protocol.v1.RoomState.ROOM_CLOSED) {
            return JoinRefusal.ROOM_CLOSED;
        }
        if (ctx.store().rooms().memberCount(room.id()) >= room.memberLimit()) {
            return JoinRefusal.ROOM_FULL;
        }
        return null;
    }

    /**
     * Body {@code {"code": .., "nickname": .., "acceptHouseRules": true}}; with the last the member accepted the house
     * rules on the join page (else they accept them in the room before their first message).
     */
    private HttpReply join(HttpCall call) {
        Map<String, Object> body = call.jsonObject();
        RoomMembership.Joined joined;
        try {
            joined = membership.join(Json.string(body, "code").orElse(""), Json.string(body, "nickname").orElse(""));
        } catch (RoomMembership.Refused e) {
            throw problem(e.refusal());
        } catch (RequestException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        if (Boolean.TRUE.equals(body.get("acceptHouseRules"))) {
            safety.accepted(joined.room(), joined.participantId());
        }
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("id", joined.room().id());
        room.put("name", joined.room().name());
        room.put("description", joined.room().description());
        room.put("conversationId", joined.room().conversationId());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("token", joined.token());
        reply.put("expiresAt", joined.expiresAt());
        reply.put("principalId", joined.principalId());
        reply.put("participantId", joined.participantId());
        reply.put("room", room);
        return HttpReply.ok(reply);
    }

    static HttpProblem problem(JoinRefusal refusal) {
        return switch (refusal) {
            case UNKNOWN_CODE -> HttpProblem.notFound("unknown invite");
            case EXPIRED -> new HttpProblem(410, "INVITE_EXPIRED", "the invite has expired");
            case REVOKED -> new HttpProblem(410, "INVITE_REVOKED", "the invite was revoked");
            case USED_UP -> new HttpProblem(410, "INVITE_USED_UP", "the invite has been used up");
            case ROOM_FULL -> new HttpProblem(409, "LIMIT_REACHED", "the room is full");
            case ROOM_CLOSED -> new HttpProblem(409, "CLOSED", "the room is closed");
        };
    }
}
