package nl.spreekuur.server.rooms;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.MyBreak;
import nl.spreekuur.protocol.v1.TakeBreak;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Rooms;

/**
 * A member takes a break from the group without leaving it ("even pauze"): until the chosen time their unread count
 * is 0 ({@link RoomUnread}), their client stays quiet, and moderators see them as away (ListLastSeen). A member can
 * also hide their online status from the room ({@link RoomOwner#showsPresence}). Both are kept on the server, so
 * they follow the member to every device.
 */
final class RoomBreaks {
    static final Duration MAX_BREAK = Duration.ofDays(30);

    private final RoomContext ctx;
    private final OnlineVisibility visibility;

    RoomBreaks(RoomContext ctx, OnlineVisibility visibility) {
        this.ctx = ctx;
        this.visibility = visibility;
    }

    /** The member hides their online status from the room (or shows it again); the room sees it at once. */
    MyBreak setOnlineHidden(Principal principal, String roomId, boolean hidden) {
        Rooms.Member member = ownMember(principal, roomId);
        ctx.store().roomPeople().setOnlineHidden(member.roomId(), principal.id(), hidden);
        visibility.changed(principal.id());
        ctx.store().rooms().byId(member.roomId()).ifPresent(room ->
                ctx.conversations().presenceVisibilityChanged(room.conversationId(), principal.id()));
        return view(member.roomId(), principal.id(), activeUntil(principal.id()));
    }

    MyBreak take(Principal principal, TakeBreak request) {
        Rooms.Member member = ownMember(principal, request.getRoomId());
        Instant until = null;
        if (request.hasUntil()) {
            until = ProtoTime.toInstant(request.getUntil());
            Instant now = ctx.clock().instant();
            if (!until.isAfter(now) || until.isAfter(now.plus(MAX_BREAK))) {
                throw RequestException.invalid("until: in the future, at most " + MAX_BREAK.toDays() + " days ahead");
            }
        }
        ctx.store().roomPeople().setBreak(member.roomId(), principal.id(), until);
        return view(member.roomId(), principal.id(), until);
    }

    MyBreak mine(Principal principal, String roomId) {
        Rooms.Member member = ownMember(principal, roomId);
        return view(member.roomId(), principal.id(), activeUntil(principal.id()));
    }

    /** Until when the member is on a break now; null if not. */
    Instant activeUntil(String principalId) {
        Instant now = ctx.clock().instant();
        return ctx.store().roomPeople().breakUntil(principalId).filter(now::isBefore).orElse(null);
    }

    private Rooms.Member ownMember(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        return ctx.access().ownMember(principal, room)
                .orElseThrow(() -> RequestException.forbidden("only a member of the room takes a break"));
    }

    private MyBreak view(String roomId, String principalId, Instant until) {
        MyBreak.Builder b = MyBreak.newBuilder().setRoomId(roomId).setOnlineHidden(visibility.hidden(principalId));
        if (until != null) {
            b.setUntil(ProtoTime.of(until));
        }
        return b.build();
    }
}
