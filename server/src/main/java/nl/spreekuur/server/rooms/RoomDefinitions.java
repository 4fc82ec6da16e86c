package nl.spreekuur.server.rooms;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomList;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.RoomStateChanged;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Rooms;

/**
 * Creating, editing, listing and reading rooms. A room's moderators are participants of its conversation (role
 * MODERATOR), kept in step with the definition: added moderators join, removed ones leave.
 */
final class RoomDefinitions {
    private final RoomContext ctx;
    private final RoomUnread unread;

    RoomDefinitions(RoomContext ctx) {
        this.ctx = ctx;
        this.unread = new RoomUnread(ctx);
    }

    /** Staff: the rooms they may manage; a member: their own room; anyone else: none. */
    RoomList list(Principal principal) {
        RoomList.Builder list = RoomList.newBuilder();
        if (principal.isRoomMember()) {
            ctx.store().rooms().memberByPrincipal(principal.id()).filter(Rooms.Member::isActive)
                    .flatMap(m -> ctx.store().rooms().byId(m.roomId()))
                    .ifPresent(room -> list.addRooms(RoomViews.forMember(room).toBuilder()
                            .setUnreadCount(unread.of(room, principal.id()))));
            return list.build();
        }
        if (!principal.isStaff()) {
            return list.build();
        }
        for (Rooms.Room room : ctx.store().rooms().byOrganisation(principal.organisationId())) {
            if (RoomAccess.mayManage(principal, room)) {
                list.addRooms(view(room).toBuilder().setUnreadCount(unread.of(room, principal.id())));
            }
        }
        return list.build();
    }

    Room get(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        return RoomAccess.mayManage(principal, room) ? view(room) : RoomViews.forMember(room);
    }

    /**
     * Creates (empty id) or updates a room. Org-admins may do both for any room of their organisation; a
     * professional may create a room they moderate and edit the rooms they moderate (and stays a moderator).
     */
    Room save(Principal principal, Room wanted) {
        if (!principal.isStaff() || !(principal.has(Role.PROFESSIONAL) || principal.has(Role.ORG_ADMIN))) {
            throw RequestException.forbidden("requires a professional or org-admin");
        }
        Rooms.Room existing = wanted.getId().isEmpty() ? null : ctx.access().managed(principal, wanted.getId());
        Room valid = RoomValidator.valid(wanted, principal.organisationId(), ctx.store().accounts());
        if (!principal.has(Role.ORG_ADMIN) && !valid.getModeratorIdsList().contains(principal.id())) {
            throw RequestException.invalid("moderator_ids: a professional must stay a moderator of the room");
        }
        return existing == null ? create(principal, valid) : update(existing, valid);
    }

    private Room create(Principal principal, Room valid) {
        String id = UUID.randomUUID().toString();
        Conversation conversation = ctx.conversations().open(principal.organisationId(), ConversationKind.GROUP_ROOM,
                RoomOwner.of(id));
        RoomState state = valid.getState() == RoomState.ROOM_STATE_UNSPECIFIED ? RoomState.ROOM_OPEN
                : valid.getState();
        Rooms.Room room = ctx.store().rooms().create(new Rooms.Room(id, principal.organisationId(),
                conversation.id(), valid.getName(), valid.getDescription(), valid.getModeratorIdsList(),
                valid.getMemberLimit(), valid.getHistoryVisibility(), valid.getRetentionDays(), state,
                ctx.clock().instant()));
        syncModerators(room, List.of());
        return view(room);
    }

    private Room update(Rooms.Room existing, Room valid) {
        RoomState state = valid.getState() == RoomState.ROOM_STATE_UNSPECIFIED ? existing.state() : valid.getState();
        Rooms.Room room = ctx.store().rooms().update(new Rooms.Room(existing.id(), existing.organisationId(),
                existing.conversationId(), valid.getName(), valid.getDescription(), valid.getModeratorIdsList(),
                valid.getMemberLimit(), valid.getHistoryVisibility(), valid.getRetentionDays(), state,
                existing.createdAt()));
        ctx.cache().changed(room);
        syncModerators(room, existing.moderatorIds());
        if (state != existing.state()) {
            announceState(room);
        }
        return view(room);
    }

    /** Tells the room's participants (a sequenced event, so a resuming client converges). */
    void announceState(Rooms.Room room) {
        ctx.conversations().appendSystem(room.conversationId(), ConversationEvent.newBuilder()
                .setRoomState(RoomStateChanged.newBuilder().setState(room.state())));
    }

    private void syncModerators(Rooms.Room room, List<String> before) {
        Set<String> now = new HashSet<>(room.moderatorIds());
        for (String id : room.moderatorIds()) {
            if (!before.contains(id)) {
                Accounts.Account account = ctx.store().accounts().byId(id).orElseThrow();
                ctx.conversations().join(room.conversationId(), id, ParticipantRole.MODERATOR, account.displayName());
            }
        }
        for (String id : before) {
            if (!now.contains(id)) {
                ctx.conversations().leave(room.conversationId(), id, LeaveReason.REMOVED_BY_MODERATOR);
            }
        }
    }

    private Room view(Rooms.Room room) {
        return RoomViews.room(room, ctx.store().rooms().memberCount(room.id()));
    }
}
