package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.MessagePinned;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.PostAnnouncement;
import nl.spreekuur.protocol.v1.RoomMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Rooms;

/**
 * A moderator's announcement: a room message marked {@code announcement} followed by its {@code pinned} event, two
 * sequenced events of the moderator. Idempotent by the client_msg_id (the pin uses it with {@value #PIN_SUFFIX}).
 */
final class RoomAnnouncements {
    static final int MAX_CLIENT_MSG_ID = 60;
    static final String PIN_SUFFIX = "~pin";

    private final RoomContext ctx;

    RoomAnnouncements(RoomContext ctx) {
        this.ctx = ctx;
    }

    MessageAck post(Principal principal, PostAnnouncement request) {
        Conversations.Participant me = ctx.conversations().writer(principal, request.getConversationId());
        Rooms.Room room = ctx.cache().byConversation(request.getConversationId())
                .orElseThrow(() -> RequestException.invalid("conversation_id: not a group room"));
        if (me.role() != ParticipantRole.MODERATOR) {
            throw RequestException.forbidden("only moderators post announcements");
        }
        String id = request.getClientMsgId();
        if (id.isEmpty() || id.length() > MAX_CLIENT_MSG_ID) {
            throw RequestException.invalid("client_msg_id must be 1.." + MAX_CLIENT_MSG_ID + " characters");
        }
        ctx.conversations().requireText(request.getText());
        MessageAck ack = ctx.conversations().appendAuthored(me, id, ConversationEvent.newBuilder()
                .setRoomMessage(RoomMessage.newBuilder().setText(request.getText()).setAnnouncement(true)));
        MessageAck pin = ctx.conversations().appendAuthored(me, id + PIN_SUFFIX, ConversationEvent.newBuilder()
                .setPinned(MessagePinned.newBuilder().setSeq(ack.getSeq())));
        if (!pin.getDuplicate()) {
            ctx.store().rooms().log(room.id(), new Rooms.LogEntry(ctx.clock().instant(), principal.id(),
                    principal.displayName(), ModerationAction.ANNOUNCE, "", "announcement", null, ack.getSeq()));
        }
        return ack;
    }
}
