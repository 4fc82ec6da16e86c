package nl.spreekuur.server.rooms;

import java.time.Instant;
import java.util.Map;
import nl.spreekuur.protocol.v1.LastSeenList;
import nl.spreekuur.protocol.v1.MemberLastSeen;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.ConnectionListener;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Rooms;

/**
 * When a member was last seen: every connection of a member (any of their devices, any node) that opens or closes
 * records the time, and the latest wins, so a member on a phone and a laptop is "last seen" when the last of them
 * was. Moderators read it (ListLastSeen); whether a member is online now is the room conversation's presence.
 */
final class RoomLastSeen implements ConnectionListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RoomLastSeen.class);

    private final RoomContext ctx;

    RoomLastSeen(RoomContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void connectionOpened(ClientSession session) {
        record(session.principal());
    }

    @Override
    public void connectionClosed(ClientSession session) {
        record(session.principal());
    }

    /** Best effort: a store that cannot answer now must not fail the member's Hello or disconnect. */
    private void record(Principal principal) {
        if (!principal.isRoomMember()) {
            return;
        }
        try {
            ctx.store().rooms().memberByPrincipal(principal.id()).filter(Rooms.Member::isActive).ifPresent(member ->
                    ctx.store().roomPeople().seen(member.roomId(), principal.id(), ctx.clock().instant()));
        } catch (RuntimeException e) {
            log.warn("last seen not recorded: {}", e.getClass().getName());
        }
    }

    LastSeenList list(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        Map<String, Instant> seen = ctx.store().roomPeople().lastSeen(room.id());
        Map<String, Instant> breaks = ctx.store().roomPeople().breaks(room.id());
        Instant now = ctx.clock().instant();
        LastSeenList.Builder list = LastSeenList.newBuilder().setRoomId(room.id());
        for (Rooms.Member member : ctx.store().rooms().members(room.id(), false)) {
            Instant at = seen.get(member.principalId());
            Instant away = breaks.get(member.principalId());
            boolean onBreak = away != null && now.isBefore(away);
            if ((at != null || onBreak) && member.participantId() != null) {
                MemberLastSeen.Builder entry = MemberLastSeen.newBuilder().setParticipantId(member.participantId());
                if (at != null) {
                    entry.setLastSeenAt(ProtoTime.of(at));
                }
                if (onBreak) {
                    entry.setAwayUntil(ProtoTime.of(away));
                }
                list.addMembers(entry);
            }
        }
        return list.build();
    }
}
