package nl.spreekuur.protocol.json;

import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ReceiptEvent;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.TypingEvent;

/**
 * The hot server messages (message ack, text event push, typing, receipt, pong, error) printed field by field in
 * declaration order, as JsonFormat's compact printer does. Any other body, an event with any body but text, or a
 * timestamp outside what {@link Rfc3339} prints is {@link Uncertain}.
 */
final class ServerMessageWriter {
    private ServerMessageWriter() {
    }

    static String write(ServerMessage message) {
        JsonOutput out = new JsonOutput().startObject();
        out.string("requestId", message.getRequestId());
        switch (message.getBodyCase()) {
            case MESSAGE_ACK -> messageAck(out.name("messageAck"), message.getMessageAck());
            case EVENT -> event(out.name("event"), message.getEvent());
            case TYPING -> typing(out.name("typing"), message.getTyping());
            case RECEIPT -> receipt(out.name("receipt"), message.getReceipt());
            case PONG -> out.emptyObject("pong");
            case ERROR -> error(out.name("error"), message.getError());
            default -> throw Uncertain.INSTANCE;
        }
        return out.endObject().toString();
    }

    private static void messageAck(JsonOutput out, MessageAck ack) {
        out.startObject();
        out.string("conversationId", ack.getConversationId());
        out.string("clientMsgId", ack.getClientMsgId());
        out.int64("seq", ack.getSeq());
        if (ack.hasSentAt()) {
            out.timestamp("sentAt", ack.getSentAt());
        }
        out.bool("duplicate", ack.getDuplicate());
        out.endObject();
    }

    private static void event(JsonOutput out, ConversationEvent event) {
        if (event.getBodyCase() != ConversationEvent.BodyCase.TEXT) {
            throw Uncertain.INSTANCE;
        }
        out.startObject();
        out.string("conversationId", event.getConversationId());
        out.int64("seq", event.getSeq());
        if (event.hasSentAt()) {
            out.timestamp("sentAt", event.getSentAt());
        }
        out.string("senderId", event.getSenderId());
        int role = event.getSenderRoleValue();
        ParticipantRole knownRole = ParticipantRole.forNumber(role);
        out.enumValue("senderRole", role, knownRole == null ? null : knownRole.name());
        out.string("senderName", event.getSenderName());
        out.string("clientMsgId", event.getClientMsgId());
        out.name("text").startObject();
        out.string("text", event.getText().getText());
        out.endObject();
        out.endObject();
    }

    private static void typing(JsonOutput out, TypingEvent typing) {
        out.startObject();
        out.string("conversationId", typing.getConversationId());
        out.string("participantId", typing.getParticipantId());
        out.string("displayName", typing.getDisplayName());
        out.bool("typing", typing.getTyping());
        out.endObject();
    }

    private static void receipt(JsonOutput out, ReceiptEvent receipt) {
        out.startObject();
        out.string("conversationId", receipt.getConversationId());
        out.string("participantId", receipt.getParticipantId());
        int kind = receipt.getKindValue();
        ReceiptKind knownKind = ReceiptKind.forNumber(kind);
        out.enumValue("kind", kind, knownKind == null ? null : knownKind.name());
        out.int64("upToSeq", receipt.getUpToSeq());
        out.endObject();
    }

    private static void error(JsonOutput out, nl.spreekuur.protocol.v1.Error error) {
        out.startObject();
        int code = error.getCodeValue();
        ErrorCode knownCode = ErrorCode.forNumber(code);
        out.enumValue("code", code, knownCode == null ? null : knownCode.name());
        out.string("message", error.getMessage());
        out.string("requestId", error.getRequestId());
        out.endObject();
    }
}
