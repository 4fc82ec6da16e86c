package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Rooms;

/** Wires the room requests (ClientMessage fields 100-199) into the router, and the rooms' part of HelloOk. */
final class RoomRequests {
    private final RoomContext ctx;
    private final RoomDefinitions definitions;
    private final RoomInvites invites;
    private final RoomMembership membership;
    private final RoomModeration moderation;
    private final RoomMessages messages;
    private final RoomDeletion deletion;
    private final RoomUnread unread;
    private final Hub hub;

    RoomRequests(RoomContext ctx, RoomDefinitions definitions, RoomInvites invites, RoomMembership membership,
                 RoomModeration moderation, RoomMessages messages, RoomDeletion deletion, Hub hub) {
        this.deletion = deletion;
        this.unread = new RoomUnread(ctx);
        this.messages = messages;
        this.ctx = ctx;
        this.definitions = definitions;
        this.invites = invites;
        this.membership = membership;
        this.moderation = moderation;
        this.hub = hub;
    }

    void register(RequestRouter router) {
        router.contributeToHello(this::hello)
                .on(BodyCase.LIST_ROOMS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setRoomList(definitions.list(s.principal()))))
                .on(BodyCase.SAVE_ROOM, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setRoom(definitions.save(s.principal(), r.getSaveRoom().getRoom()))))
                .on(BodyCase.GET_ROOM, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setRoom(definitions.get(s.principal(), r.getGetRoom().getRoomId()))))
                .on(BodyCase.CREATE_INVITE, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setRoomInvite(invites.create(s.principal(), r.getCreateInvite()))))
                .on(BodyCase.LIST_INVITES, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setInviteList(invites.list(s.principal(), r.getListInvites().getRoomId()))))
                .onAck(BodyCase.REVOKE_INVITE, (s, r) ->
                        invites.revoke(s.principal(), r.getRevokeInvite().getInviteId()))
                .on(BodyCase.LIST_ROOM_MEMBERS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setRoomMemberList(membership.members(s.principal(), r.getListRoomMembers().getRoomId(),
                                r.getListRoomMembers().getIncludeFormer()))))
                .on(BodyCase.LEAVE_ROOM, this::leave)
                .onAck(BodyCase.REMOVE_MEMBER, (s, r) -> membership.remove(s.principal(),
                        r.getRemoveMember().getRoomId(), r.getRemoveMember().getParticipantId(),
                        r.getRemoveMember().getReason()))
                .onAck(BodyCase.MUTE_MEMBER, (s, r) -> membership.mute(s.principal(),
                        r.getMuteMember().getRoomId(), r.getMuteMember().getParticipantId(),
                        r.getMuteMember().getDurationSeconds(), r.getMuteMember().getReason()))
                .onAck(BodyCase.DELETE_ROOM, (s, r) -> deletion.delete(s.principal(),
                        r.getDeleteRoom().getRoomId(), r.getDeleteRoom().getReason()))
                .onAck(BodyCase.SET_ROOM_STATE, (s, r) -> moderation.setState(s.principal(),
                        r.getSetRoomState().getRoomId(), r.getSetRoomState().getState(),
                        r.getSetRoomState().getReason()))
                .on(BodyCase.GET_MODERATION_LOG, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setModerationLog(moderation.log(s.principal(), r.getGetModerationLog().getRoomId()))))
                // SEND_ROOM_MESSAGE and EDIT_MESSAGE: RoomSafetyRequests (they pass the review first)
                .on(BodyCase.DELETE_MESSAGE, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMessageAck(messages.delete(s.principal(), r.getDeleteMessage()))))
                .on(BodyCase.REACT, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMessageAck(messages.react(s.principal(), r.getReact()))))
                .on(BodyCase.HIDE_MESSAGE, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMessageAck(messages.hide(s.principal(), r.getHideMessage()))))
                .on(BodyCase.GET_HIDDEN_MESSAGES, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setHistory(messages.hidden(s.principal(), r.getGetHiddenMessages().getRoomId()))))
                .on(BodyCase.PIN_MESSAGE, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMessageAck(messages.pin(s.principal(), r.getPinMessage()))));
    }

    /**
     * The member leaves; after the Ack every socket of their credential closes (1000 "left room") and the
     * credential is revoked on every node, as a quick exit does.
     */
    private void leave(ClientSession session, ClientMessage request) {
        membership.leave(session.principal(), request.getLeaveRoom().getRoomId());
        String tokenSession = session.principal().sessionId();
        ctx.revocations().store(tokenSession, session.principal().expiresAt());
        reply(session, request, ServerMessage.newBuilder().setAck(Ack.getDefaultInstance()));
        for (ClientSession own : hub.sessions().ofTokenSession(tokenSession)) {
            own.close(CloseCodes.NORMAL, "left room");
        }
        session.close(CloseCodes.NORMAL, "left room");
        ctx.revocations().announce(tokenSession);
    }

    /** A member's room, and the rooms a professional moderates, as active items to subscribe to. */
    private HelloOk hello(ClientSession session) {
        Principal principal = session.principal();
        HelloOk.Builder hello = HelloOk.newBuilder();
        if (principal.isRoomMember()) {
            ctx.store().rooms().memberByPrincipal(principal.id()).filter(Rooms.Member::isActive)
                    .flatMap(m -> ctx.store().rooms().byId(m.roomId()))
                    .ifPresent(room -> hello.addActive(item(room, principal)));
        } else if (principal.isStaff()) {
            for (Conversations.Conversation c : ctx.store().conversations().openConversationsOf(principal.id())) {
                RoomOwner.roomOf(c).flatMap(roomId -> ctx.store().rooms().byId(roomId))
                        .ifPresent(room -> hello.addActive(item(room, principal)));
            }
        }
        return hello.build();
    }

    private ActiveItem item(Rooms.Room room, Principal principal) {
        return ActiveItem.newBuilder().setConversationId(room.conversationId()).setKind(ConversationKind.GROUP_ROOM)
                .setRoomId(room.id()).setUnreadCount(unread.of(room, principal.id())).build();
    }

    private static void reply(ClientSession session, ClientMessage request, ServerMessage.Builder message) {
        session.send(message.setRequestId(request.getRequestId()).build());
    }
}
