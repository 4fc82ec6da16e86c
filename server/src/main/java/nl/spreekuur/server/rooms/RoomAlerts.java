package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.RoomAlert;
import nl.spreekuur.protocol.v1.RoomAlertKind;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.store.Rooms;

/**
 * Tells the room's moderators, on every connection of theirs on every node (the hub's principal channel), that a
 * report or a held message came in or was dealt with, with the room's open counts. No content, no reporter.
 */
final class RoomAlerts {
    private final RoomContext ctx;
    private final Hub hub;

    RoomAlerts(RoomContext ctx, Hub hub) {
        this.ctx = ctx;
        this.hub = hub;
    }

    void tell(Rooms.Room room, RoomAlertKind kind) {
        ServerMessage alert = ServerMessage.newBuilder().setRoomAlert(RoomAlert.newBuilder().setRoomId(room.id())
                .setKind(kind).setOpenReports(ctx.store().roomSafeguards().openReports(room.id()))
                .setHeldMessages(ctx.store().roomSafeguards().heldCount(room.id()))).build();
        for (String moderatorId : room.moderatorIds()) {
            hub.pushToPrincipal(moderatorId, alert);
        }
    }
}
