package nl.spreekuur.server.rooms;

import java.time.Instant;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Sessions;

/**
 * Deleting a room with all its content, not soft-deleted: every member's credential is revoked (their sockets close
 * on every node), the room's conversation ends for whoever is still subscribed (an {@code ended} event,
 * {@code ROOM_DELETED}), and then the room's rows (definition, moderators, invites, members, moderation log) and
 * the conversation's rows (events, participants, the conversation) are deleted. What remains is the audit entry of
 * the deletion (ids and the moderator's reason) and the members' revoked session rows (no content; removed by the
 * session retention).
 */
final class RoomDeletion {
    private final RoomContext ctx;
    private final Auditor auditor;

    RoomDeletion(RoomContext ctx, Auditor auditor) {
        this.ctx = ctx;
        this.auditor = auditor;
    }

    void delete(Principal principal, String roomId, String reason) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        String why = RoomMembership.requireReason(reason);
        Instant now = ctx.clock().instant();
        for (Rooms.Member member : ctx.store().rooms().members(room.id(), false)) {
            Instant expires = ctx.store().sessions().byId(member.principalId()).map(Sessions.Session::expiresAt)
                    .orElse(now.plus(RoomMembership.MEMBER_TTL));
            ctx.revocations().revoke(member.principalId(), expires);
        }
        auditor.record(principal, "room.delete", "room", room.id(), null, why);
        for (RoomPeople.Talk talk : ctx.store().roomPeople().talks(room.id(), true)) {
            if (talk.conversationId() != null) {
                ctx.conversations().delete(talk.conversationId(), EndReason.ROOM_DELETED);
            }
        }
        ctx.store().roomPeople().deleteRoom(room.id());
        ctx.store().rooms().delete(room.id());
        ctx.cache().changed(room);
        ctx.conversations().delete(room.conversationId(), EndReason.ROOM_DELETED);
    }
}
