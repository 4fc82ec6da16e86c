package nl.spreekuur.server.rooms;

import java.util.Optional;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.OrganisationScope;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Rooms.Room;

/**
 * Who may see and manage a room. Another organisation's room, and for a member any room but their own, is
 * NOT_FOUND (the id does not confirm that it exists); anonymous office-hour clients see no room at all.
 */
final class RoomAccess {
    private final Rooms store;

    RoomAccess(Rooms store) {
        this.store = store;
    }

    /** Moderates it (a professional listed as moderator) or is org-admin of its organisation. */
    static boolean mayManage(Principal principal, Room room) {
        return principal.isStaff() && room.organisationId().equals(principal.organisationId())
                && (principal.has(Role.ORG_ADMIN)
                || principal.has(Role.PROFESSIONAL) && room.moderatorIds().contains(principal.id()));
    }

    /** The room if the principal may know it exists: staff of its organisation, or one of its members. */
    Room visible(Principal principal, String roomId) {
        if (roomId == null || roomId.isEmpty()) {
            throw RequestException.invalid("room_id is required");
        }
        Room room = store.byId(roomId).orElseThrow(() -> RequestException.notFound("room"));
        OrganisationScope.require(principal, room.organisationId(), "room");
        if (principal.isStaff() || principal.isRoomMember() && ownMember(principal, room).isPresent()) {
            return room;
        }
        throw RequestException.notFound("room");
    }

    /** A room the principal may manage; NOT_FOUND if not visible, FORBIDDEN for staff who do not moderate it. */
    Room managed(Principal principal, String roomId) {
        Room room = visible(principal, roomId);
        if (!mayManage(principal, room)) {
            throw RequestException.forbidden("not a moderator of this room");
        }
        return room;
    }

    /** The principal's own, active membership of the room. */
    Optional<Rooms.Member> ownMember(Principal principal, Room room) {
        return store.memberByPrincipal(principal.id())
                .filter(Rooms.Member::isActive)
                .filter(m -> m.roomId().equals(room.id()));
    }
}
