package nl.spreekuur.protocol.json;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendReceipt;
import nl.spreekuur.protocol.v1.Typing;

/**
 * The hot client requests (sendMessage, typing, sendReceipt, ping) printed as JsonFormat's compact printer does, for
 * the load-test client. Any other body is {@link Uncertain}.
 */
final class ClientMessageWriter {
    private ClientMessageWriter() {
    }

    static String write(ClientMessage message) {
        JsonOutput out = new JsonOutput().startObject();
        out.string("requestId", message.getRequestId());
        switch (message.getBodyCase()) {
            case SEND_MESSAGE -> sendMessage(out.name("sendMessage"), message.getSendMessage());
            case TYPING -> typing(out.name("typing"), message.getTyping());
            case SEND_RECEIPT -> sendReceipt(out.name("sendReceipt"), message.getSendReceipt());
            case PING -> out.emptyObject("ping");
            default -> throw Uncertain.INSTANCE;
        }
        return out.endObject().toString();
    }

    private static void sendMessage(JsonOutput out, SendMessage body) {
        out.startObject();
        out.string("conversationId", body.getConversationId());
        out.string("clientMsgId", body.getClientMsgId());
        out.string("text", body.getText());
        out.endObject();
    }

    private static void typing(JsonOutput out, Typing body) {
        out.startObject();
        out.string("conversationId", body.getConversationId());
        out.bool("typing", body.getTyping());
        out.endObject();
    }

    private static void sendReceipt(JsonOutput out, SendReceipt body) {
        out.startObject();
        out.string("conversationId", body.getConversationId());
        int kind = body.getKindValue();
        ReceiptKind knownKind = ReceiptKind.forNumber(kind);
        out.enumValue("kind", kind, knownKind == null ? null : knownKind.name());
        out.int64("upToSeq", body.getUpToSeq());
        out.endObject();
    }
}
