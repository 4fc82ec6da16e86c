package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ModerationLog;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Rooms;

/** Room-wide moderation: pause, close, re-open (each with a reason), and the moderation log. */
final class RoomModeration {
    private final RoomContext ctx;
    private final RoomDefinitions definitions;

    RoomModeration(RoomContext ctx, RoomDefinitions definitions) {
        this.ctx = ctx;
        this.definitions = definitions;
    }

    /** Changes the state, tells the room (a RoomStateChanged event) and logs it; the same state again is a no-op. */
    void setState(Principal principal, String roomId, RoomState state, String reason) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        ModerationAction action = switch (state) {
            case ROOM_OPEN -> ModerationAction.REOPEN_ROOM;
            case ROOM_PAUSED -> ModerationAction.PAUSE_ROOM;
            case ROOM_CLOSED -> ModerationAction.CLOSE_ROOM;
            default -> throw RequestException.invalid("state: ROOM_OPEN, ROOM_PAUSED or ROOM_CLOSED");
        };
        String why = RoomMembership.requireReason(reason);
        if (room.state() == state) {
            return;
        }
        Rooms.Room changed = ctx.store().rooms().update(new Rooms.Room(room.id(), room.organisationId(),
                room.conversationId(), room.name(), room.description(), room.moderatorIds(), room.memberLimit(),
                room.historyVisibility(), room.retentionDays(), state, room.createdAt()));
        ctx.cache().changed(changed);
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(ctx.clock().instant(), principal.id(),
                principal.displayName(), action, "", why, null));
        definitions.announceState(changed);
    }

    ModerationLog log(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        ModerationLog.Builder log = ModerationLog.newBuilder().setRoomId(room.id());
        ctx.store().rooms().log(room.id()).forEach(entry -> log.addEntries(RoomViews.entry(entry)));
        return log.build();
    }
}
