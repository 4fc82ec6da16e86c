package nl.spreekuur.server.rooms;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EditMessage;
import nl.spreekuur.protocol.v1.HeldMember;
import nl.spreekuur.protocol.v1.HeldMessage;
import nl.spreekuur.protocol.v1.HeldMessageList;
import nl.spreekuur.protocol.v1.HeldMessageReviewed;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.LiftHold;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ReviewHeldMessage;
import nl.spreekuur.protocol.v1.RoomAlertKind;
import nl.spreekuur.protocol.v1.RoomMessage;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.RoomSafeguards;
import nl.spreekuur.server.store.RoomSafeguards.Review;
import nl.spreekuur.server.store.Rooms;

/**
 * Hold for review. A member's {@code SendRoomMessage} that must wait ({@link RoomGuard#holds}) is stored aside and
 * answered with a {@code HeldMessage}; only the author (and the moderators) know of it. A moderator's approval
 * appends it to the room's conversation as the author's message with the author's client_msg_id, through the one
 * delivery path (stored, sequenced, published); a rejection drops it. Either way the author's connections are told
 * ({@code HeldMessageReviewed}) and the text leaves the held row.
 */
final class RoomReview {
    private final RoomContext ctx;
    private final RoomGuard guard;
    private final RoomMessages messages;
    private final RoomSafetySettings settings;
    private final RoomAlerts alerts;
    private final Hub hub;

    RoomReview(RoomContext ctx, RoomGuard guard, RoomMessages messages, RoomSafetySettings settings,
               RoomAlerts alerts, Hub hub) {
        this.ctx = ctx;
        this.guard = guard;
        this.messages = messages;
        this.settings = settings;
        this.alerts = alerts;
        this.hub = hub;
    }

    /** A {@code MessageAck} (sent, or a retry of an approved one) or a {@code HeldMessage} (waits for review). */
    ServerMessage.Builder send(Principal principal, SendRoomMessage request) {
        Conversations.Participant me = ctx.conversations().writer(principal, request.getConversationId());
        Optional<Rooms.Room> room = ctx.cache().byConversation(request.getConversationId());
        if (room.isEmpty() || !guard.holds(room.get(), me)) {
            return ServerMessage.newBuilder().setMessageAck(messages.send(principal, request));
        }
        String clientMsgId = request.getClientMsgId();
        if (clientMsgId.isEmpty() || clientMsgId.length() > 64) {
            throw RequestException.invalid("client_msg_id must be 1..64 characters");
        }
        ctx.conversations().requireText(request.getText());
        HeldMessage.Builder draft = HeldMessage.newBuilder().setConversationId(me.conversationId())
                .setClientMsgId(clientMsgId).setParticipantId(me.participantId())
                .setAuthorName(me.displayName()).setText(request.getText());
        if (request.getReplyToSeq() != 0) {
            requireReadable(room.get(), me, request.getReplyToSeq());
            draft.setReplyToSeq(request.getReplyToSeq());
        }
        Set<String> mentioned = new LinkedHashSet<>(request.getMentionedParticipantIdsList());
        if (mentioned.size() > RoomMessages.MAX_MENTIONS) {
            throw RequestException.invalid("mentioned_participant_ids: at most " + RoomMessages.MAX_MENTIONS);
        }
        if (!mentioned.isEmpty()) {
            Set<String> present = ctx.conversations().participants(me.conversationId()).stream()
                    .map(Conversations.Participant::participantId).collect(Collectors.toSet());
            if (!present.containsAll(mentioned)) {
                throw RequestException.invalid("mentioned_participant_ids: not a participant of this room");
            }
            draft.addAllMentionedParticipantIds(mentioned);
        }
        RoomSafeguards.Held held = ctx.store().roomSafeguards().holdMessage(room.get().id(), draft.build(),
                ctx.clock().instant());
        return switch (held.review()) {
            case WAITING -> {
                alerts.tell(room.get(), RoomAlertKind.ALERT_HELD_MESSAGE);
                yield ServerMessage.newBuilder().setHeldMessage(held.message());
            }
            case APPROVED -> ServerMessage.newBuilder().setMessageAck(MessageAck.newBuilder()
                    .setConversationId(me.conversationId()).setClientMsgId(clientMsgId).setSeq(held.seq())
                    .setSentAt(held.message().getHeldAt()).setDuplicate(true));
            case REJECTED -> throw RequestException.conflict("the message was not approved");
        };
    }

    private void requireReadable(Rooms.Room room, Conversations.Participant me, long seq) {
        boolean fromJoin = room.historyVisibility() == HistoryVisibility.FROM_JOIN;
        ctx.conversations().event(room.conversationId(), seq).filter(e -> e.hasText() || e.hasRoomMessage())
                .filter(e -> !fromJoin || seq > me.memberSinceSeq())
                .orElseThrow(() -> RequestException.invalid("seq: no such message"));
    }

    /** Edits would bypass the review: refused while the member's messages wait for it. */
    MessageAck edit(Principal principal, EditMessage request) {
        Conversations.Participant me = ctx.conversations().writer(principal, request.getConversationId());
        ctx.cache().byConversation(request.getConversationId()).filter(room -> guard.holds(room, me))
                .ifPresent(room -> {
                    throw RequestException.conflict("messages wait for review now: editing is not possible");
                });
        return messages.edit(principal, request);
    }

    /** Moderators: every waiting message and the members on hold; a member: their own waiting messages. */
    HeldMessageList list(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        HeldMessageList.Builder list = HeldMessageList.newBuilder().setRoomId(room.id());
        if (principal.isRoomMember()) {
            String mine = ctx.access().ownMember(principal, room).map(Rooms.Member::participantId).orElse("");
            ctx.store().roomSafeguards().heldMessages(room.id()).stream()
                    .filter(m -> m.getParticipantId().equals(mine)).forEach(list::addMessages);
            return list.build();
        }
        ctx.access().managed(principal, roomId);
        list.addAllMessages(ctx.store().roomSafeguards().heldMessages(room.id()));
        for (RoomSafeguards.MemberSafety m : ctx.store().roomSafeguards().membersOnHold(room.id())) {
            String nickname = ctx.store().rooms().memberByParticipant(room.id(), m.participantId())
                    .map(Rooms.Member::nickname).orElse("");
            list.addMembersOnHold(HeldMember.newBuilder().setParticipantId(m.participantId()).setNickname(nickname)
                    .setHeldSince(ProtoTime.of(m.heldSince())));
        }
        return list.build();
    }

    void review(Principal principal, ReviewHeldMessage request) {
        RoomSafeguards.Held held = ctx.store().roomSafeguards().heldById(request.getHeldId())
                .orElseThrow(() -> RequestException.notFound("held message"));
        Rooms.Room room;
        try {
            room = ctx.access().managed(principal, held.roomId());
        } catch (RequestException e) {
            throw e.code() == nl.spreekuur.protocol.v1.ErrorCode.NOT_FOUND
                    ? RequestException.notFound("held message") : e;
        }
        String why = request.getApprove() ? optionalReason(request.getReason())
                : RoomMembership.requireReason(request.getReason());
        HeldMessage message = held.message();
        Optional<Conversations.Participant> author = ctx.conversations().participants(room.conversationId())
                .stream().filter(p -> p.participantId().equals(message.getParticipantId())).findFirst();
        if (request.getApprove() && author.isEmpty()) {
            throw RequestException.conflict("the author is no longer in the room");
        }
        if (!ctx.store().roomSafeguards().review(held.message().getId(),
                request.getApprove() ? Review.APPROVED : Review.REJECTED)) {
            throw RequestException.conflict("the message was already reviewed");
        }
        long seq = 0;
        if (request.getApprove()) {
            RoomMessage.Builder body = RoomMessage.newBuilder().setText(message.getText())
                    .setReplyToSeq(message.getReplyToSeq())
                    .addAllMentionedParticipantIds(message.getMentionedParticipantIdsList());
            seq = ctx.conversations().appendAuthored(author.get(), message.getClientMsgId(),
                    ConversationEvent.newBuilder().setRoomMessage(body)).getSeq();
            ctx.store().roomSafeguards().setApprovedSeq(message.getId(), seq);
        }
        Instant now = ctx.clock().instant();
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(now, principal.id(), principal.displayName(),
                request.getApprove() ? ModerationAction.APPROVE_MESSAGE : ModerationAction.REJECT_MESSAGE,
                message.getParticipantId(), why, null, seq));
        long published = seq;
        author.ifPresent(a -> hub.pushToPrincipal(a.principalId(), ServerMessage.newBuilder()
                .setHeldMessageReviewed(HeldMessageReviewed.newBuilder().setHeldId(message.getId())
                        .setConversationId(room.conversationId()).setClientMsgId(message.getClientMsgId())
                        .setApproved(request.getApprove()).setSeq(published)).build()));
        alerts.tell(room, RoomAlertKind.ALERT_CLEARED);
    }

    private static String optionalReason(String reason) {
        String why = reason.strip();
        if (Texts.length(why) > RoomMembership.MAX_REASON) {
            throw RequestException.invalid("reason: at most " + RoomMembership.MAX_REASON + " characters");
        }
        return why;
    }

    void liftHold(Principal principal, LiftHold request) {
        Rooms.Room room = ctx.access().managed(principal, request.getRoomId());
        String why = RoomMembership.requireReason(request.getReason());
        Instant now = ctx.clock().instant();
        if (!ctx.store().roomSafeguards().liftHold(room.id(), request.getParticipantId(), now)) {
            throw RequestException.notFound("member on hold");
        }
        settings.memberChanged(room.id(), request.getParticipantId());
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(now, principal.id(), principal.displayName(),
                ModerationAction.LIFT_HOLD, request.getParticipantId(), why, null));
        alerts.tell(room, RoomAlertKind.ALERT_CLEARED);
    }
}
