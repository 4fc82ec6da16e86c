package nl.spreekuur.server.rooms;

import java.time.LocalDate;
import nl.spreekuur.server.store.Effects;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.DeleteMessage;
import nl.spreekuur.protocol.v1.EditMessage;
import nl.spreekuur.protocol.v1.HideMessage;
import nl.spreekuur.protocol.v1.History;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.MessageHidden;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.MessageDeleted;
import nl.spreekuur.protocol.v1.MessageEdited;
import nl.spreekuur.protocol.v1.MessagePinned;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.PinMessage;
import nl.spreekuur.protocol.v1.React;
import nl.spreekuur.protocol.v1.ReactionChanged;
import nl.spreekuur.protocol.v1.RoomMessage;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Rooms;

/**
 * What a room adds to messages: replies and mentions, editing and deleting, reactions and pins. Each is an event
 * authored by the participant in the room's conversation, sequenced, stored before it is acknowledged, idempotent
 * by its client_msg_id, and published like a message, so a client that resumes replays them in order and ends up
 * with the same state. Deleting also takes the text out of the store (the message and its edits).
 */
final class RoomMessages {
    /** The fixed set of reactions. */
    static final List<String> REACTIONS = List.of("👍", "❤️", "😂", "😮", "😢", "🙏");
    static final int MAX_MENTIONS = 20;
    private static final int SCAN_PAGE = 500;

    private final RoomContext ctx;

    RoomMessages(RoomContext ctx) {
        this.ctx = ctx;
    }

    MessageAck send(Principal principal, SendRoomMessage request) {
        Conversations.Participant me = writerInRoom(principal, request.getConversationId());
        ctx.conversations().requireText(request.getText());
        RoomMessage.Builder body = RoomMessage.newBuilder().setText(request.getText());
        if (request.getReplyToSeq() != 0) {
            message(me, request.getReplyToSeq());
            body.setReplyToSeq(request.getReplyToSeq());
        }
        Set<String> mentioned = new LinkedHashSet<>(request.getMentionedParticipantIdsList());
        if (mentioned.size() > MAX_MENTIONS) {
            throw RequestException.invalid("mentioned_participant_ids: at most " + MAX_MENTIONS);
        }
        if (!mentioned.isEmpty()) {
            Set<String> present = ctx.conversations().participants(me.conversationId()).stream()
                    .map(Conversations.Participant::participantId).collect(Collectors.toSet());
            if (!present.containsAll(mentioned)) {
                throw RequestException.invalid("mentioned_participant_ids: not a participant of this room");
            }
            body.addAllMentionedParticipantIds(mentioned);
        }
        MessageAck ack = ctx.conversations().appendAuthored(me, request.getClientMsgId(),
                ConversationEvent.newBuilder().setRoomMessage(body));
        if (!ack.getDuplicate()) {
            countMessage(me.conversationId());
        }
        return ack;
    }

    /**
     * Effect measurement: one anonymous fact per message (the room's messages may be purged by its retention, the
     * count stays). No sender, no text, only the room and the local day.
     */
    private void countMessage(String conversationId) {
        ctx.cache().byConversation(conversationId).ifPresent(room -> ctx.store().effects().recordFact(
                new Effects.Fact(room.organisationId(), Effects.Channel.GROUP_ROOM, room.id(),
                        LocalDate.ofInstant(ctx.clock().instant(), Effects.ZONE), Effects.ROOM_MESSAGE, 1)));
    }

    MessageAck edit(Principal principal, EditMessage request) {
        Conversations.Participant me = writerInRoom(principal, request.getConversationId());
        ctx.conversations().requireText(request.getText());
        ConversationEvent target = message(me, request.getSeq());
        if (!target.getSenderId().equals(me.participantId())) {
            throw RequestException.forbidden("only your own messages can be edited");
        }
        Rooms.Room room = ctx.cache().byConversation(me.conversationId()).orElseThrow();
        if (!ctx.store().rooms().hiddenOf(room.id(), target.getSeq()).isEmpty()) {
            throw RequestException.conflict("the message is hidden");
        }
        if (textOf(target).isEmpty()) {
            throw RequestException.conflict("the message was deleted");
        }
        return ctx.conversations().appendAuthored(me, request.getClientMsgId(), ConversationEvent.newBuilder()
                .setEdited(MessageEdited.newBuilder().setSeq(target.getSeq()).setText(request.getText())));
    }

    /** Own messages, or any message by a moderator; the text of the message and of its edits leaves the store. */
    MessageAck delete(Principal principal, DeleteMessage request) {
        Conversations.Participant me = writerInRoom(principal, request.getConversationId());
        ConversationEvent target = message(me, request.getSeq());
        boolean own = target.getSenderId().equals(me.participantId());
        if (!own && me.role() != ParticipantRole.MODERATOR) {
            throw RequestException.forbidden("only your own messages can be deleted");
        }
        MessageAck ack = ctx.conversations().appendAuthored(me, request.getClientMsgId(), ConversationEvent
                .newBuilder().setDeleted(MessageDeleted.newBuilder().setSeq(target.getSeq()).setByModerator(!own)));
        eraseText(target, ack.getSeq());
        ctx.cache().byConversation(me.conversationId())
                .ifPresent(room -> ctx.store().rooms().forgetHidden(room.id(), target.getSeq()));
        return ack;
    }

    MessageAck react(Principal principal, React request) {
        Conversations.Participant me = writerInRoom(principal, request.getConversationId());
        if (!REACTIONS.contains(request.getEmoji())) {
            throw RequestException.invalid("emoji: one of " + String.join(" ", REACTIONS));
        }
        ConversationEvent target = message(me, request.getSeq());
        return ctx.conversations().appendAuthored(me, request.getClientMsgId(), ConversationEvent.newBuilder()
                .setReaction(ReactionChanged.newBuilder().setSeq(target.getSeq()).setEmoji(request.getEmoji())
                        .setRemoved(request.getRemove())));
    }

    /**
     * A moderator hides a message: its stored text (and its edits') is kept aside for moderators and emptied in the
     * conversation, and a {@code hidden} event tells everyone. Restoring puts the text back and the {@code hidden}
     * event with {@code restored} carries it. Both are logged with the reason.
     */
    MessageAck hide(Principal principal, HideMessage request) {
        Conversations.Participant me = writerInRoom(principal, request.getConversationId());
        if (me.role() != ParticipantRole.MODERATOR) {
            throw RequestException.forbidden("only moderators hide messages");
        }
        String why = RoomMembership.requireReason(request.getReason());
        Rooms.Room room = ctx.cache().byConversation(me.conversationId()).orElseThrow();
        ConversationEvent target = message(me, request.getSeq());
        List<ConversationEvent> kept = ctx.store().rooms().hiddenOf(room.id(), target.getSeq());
        MessageAck ack;
        if (request.getRestore()) {
            if (kept.isEmpty()) {
                throw RequestException.conflict("the message is not hidden");
            }
            String text = "";
            for (ConversationEvent original : kept) {
                ctx.conversations().replaceStored(original);
                text = original.hasEdited() ? original.getEdited().getText()
                        : original.hasHidden() ? original.getHidden().getText() : textOf(original);
            }
            ctx.store().rooms().forgetHidden(room.id(), target.getSeq());
            ack = ctx.conversations().appendAuthored(me, request.getClientMsgId(), ConversationEvent.newBuilder()
                    .setHidden(MessageHidden.newBuilder().setSeq(target.getSeq()).setRestored(true).setText(text)));
        } else {
            if (kept.isEmpty() && textOf(target).isEmpty()) {
                throw RequestException.conflict("the message was deleted");
            }
            ack = ctx.conversations().appendAuthored(me, request.getClientMsgId(), ConversationEvent.newBuilder()
                    .setHidden(MessageHidden.newBuilder().setSeq(target.getSeq())));
            if (kept.isEmpty()) {
                List<ConversationEvent> originals = new java.util.ArrayList<>(List.of(target));
                originals.addAll(editsOf(target, ack.getSeq()));
                ctx.store().rooms().keepHidden(room.id(), target.getSeq(), originals, ctx.clock().instant());
                originals.forEach(original -> ctx.conversations().replaceStored(withoutText(original)));
            }
        }
        if (!ack.getDuplicate()) {
            ctx.store().rooms().log(room.id(), new Rooms.LogEntry(ctx.clock().instant(), principal.id(),
                    principal.displayName(), request.getRestore() ? ModerationAction.RESTORE_MESSAGE
                    : ModerationAction.HIDE_MESSAGE, target.getSenderId(), why, null, target.getSeq()));
        }
        return ack;
    }

    /** Moderators: the hidden messages (and their edits) as they were, by seq. */
    History hidden(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        return History.newBuilder().setConversationId(room.conversationId())
                .addAllEvents(ctx.store().rooms().hidden(room.id())).build();
    }

    MessageAck pin(Principal principal, PinMessage request) {
        Conversations.Participant me = writerInRoom(principal, request.getConversationId());
        if (me.role() != ParticipantRole.MODERATOR) {
            throw RequestException.forbidden("only moderators pin messages");
        }
        ConversationEvent target = message(me, request.getSeq());
        return ctx.conversations().appendAuthored(me, request.getClientMsgId(), ConversationEvent.newBuilder()
                .setPinned(MessagePinned.newBuilder().setSeq(target.getSeq()).setUnpinned(request.getUnpin())));
    }

    /** The conversation checks and the room's write rule; then it must be a room's conversation. */
    private Conversations.Participant writerInRoom(Principal principal, String conversationId) {
        Conversations.Participant me = ctx.conversations().writer(principal, conversationId);
        if (ctx.cache().byConversation(conversationId).isEmpty()) {
            throw RequestException.invalid("conversation_id: not a group room");
        }
        return me;
    }

    /** A retained message the participant may read (not before their join where the room says so). */
    private ConversationEvent message(Conversations.Participant me, long seq) {
        Optional<Rooms.Room> room = ctx.cache().byConversation(me.conversationId());
        boolean fromJoin = room.isPresent() && room.get().historyVisibility() == HistoryVisibility.FROM_JOIN
                && me.role() == ParticipantRole.MEMBER;
        return ctx.conversations().event(me.conversationId(), seq)
                .filter(e -> e.hasText() || e.hasRoomMessage())
                .filter(e -> !fromJoin || seq > me.memberSinceSeq())
                .orElseThrow(() -> RequestException.invalid("seq: no such message"));
    }

    private static String textOf(ConversationEvent message) {
        return message.hasText() ? message.getText().getText() : message.getRoomMessage().getText();
    }

    /** Empties the stored text of the message and of every edit of it up to the delete. */
    private void eraseText(ConversationEvent target, long deleteSeq) {
        ctx.conversations().replaceStored(withoutText(target));
        editsOf(target, deleteSeq).forEach(edit -> ctx.conversations().replaceStored(withoutText(edit)));
    }

    /** The stored events below the given seq that repeat the message's text: its edits and its restorations. */
    private List<ConversationEvent> editsOf(ConversationEvent target, long beforeSeq) {
        List<ConversationEvent> edits = new java.util.ArrayList<>();
        long after = target.getSeq();
        while (after < beforeSeq) {
            List<ConversationEvent> page = ctx.conversations().eventsAfter(target.getConversationId(), after,
                    SCAN_PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (ConversationEvent e : page) {
                if (e.getSeq() >= beforeSeq) {
                    return edits;
                }
                boolean edit = e.hasEdited() && e.getEdited().getSeq() == target.getSeq();
                boolean restored = e.hasHidden() && e.getHidden().getSeq() == target.getSeq()
                        && !e.getHidden().getText().isEmpty();
                if (edit || restored) {
                    edits.add(e);
                }
                after = e.getSeq();
            }
        }
        return edits;
    }

    private static ConversationEvent withoutText(ConversationEvent e) {
        if (e.hasText()) {
            return e.toBuilder().setText(TextMessage.getDefaultInstance()).build();
        }
        if (e.hasRoomMessage()) {
            return e.toBuilder().setRoomMessage(e.getRoomMessage().toBuilder().clearText()).build();
        }
        if (e.hasHidden()) {
            return e.toBuilder().setHidden(e.getHidden().toBuilder().clearText()).build();
        }
        return e.hasEdited() ? e.toBuilder().setEdited(e.getEdited().toBuilder().clearText()).build() : e;
    }
}
