package nl.spreekuur.server.rooms;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.server.http.HttpCall;
import nl.spreekuur.server.http.HttpReply;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.store.Rooms;

/**
 * What the join page shows besides the invite ({@code GET /api/public/invites/{code}/safety}): the house rules the
 * person accepts by joining, the moderation hours and "Hulp nodig?". Help is given for any known code, also one
 * that can no longer be used; an unknown code is 404 like the invite itself.
 */
final class RoomSafetyRoutes {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final RoomContext ctx;
    private final RoomSafetySettings settings;

    RoomSafetyRoutes(RoomContext ctx, RoomSafetySettings settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    void register(Routes routes) {
        routes.get("/api/public/invites/{code}/safety", this::safety);
    }

    /** The member accepted the house rules on the join page (POST /api/rooms/join with acceptHouseRules). */
    void accepted(Rooms.Room room, String participantId) {
        ctx.store().roomSafeguards().acceptRules(room.id(), participantId, ctx.clock().instant());
        settings.memberChanged(room.id(), participantId);
    }

    private HttpReply safety(HttpCall call) {
        Rooms.Room room = ctx.store().rooms().inviteByCode(call.pathParam("code"))
                .flatMap(invite -> ctx.store().rooms().byId(invite.roomId()))
                .orElseThrow(() -> RoomRoutes.problem(Rooms.JoinRefusal.UNKNOWN_CODE));
        RoomSafety own = settings.of(room.id()).settings();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("houseRules", settings.houseRules(room));
        reply.put("timeZone", own.getTimeZone().isEmpty() ? "Europe/Amsterdam" : own.getTimeZone());
        reply.put("moderationHours", json(RoomSafety.newBuilder()
                .addAllModerationHours(own.getModerationHoursList()).build()).getOrDefault("moderationHours",
                java.util.List.of()));
        reply.put("unattendedMode", own.getUnattendedMode().name());
        reply.put("help", json(settings.help(room.organisationId())));
        return HttpReply.ok(reply);
    }

    private static Map<String, Object> json(com.google.protobuf.MessageOrBuilder message) {
        try {
            return Json.parseObject(PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
