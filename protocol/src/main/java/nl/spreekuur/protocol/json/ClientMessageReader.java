package nl.spreekuur.protocol.json;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendReceipt;
import nl.spreekuur.protocol.v1.Typing;
import tools.jackson.core.JsonParser;

/**
 * The hot client requests (sendMessage, typing, sendReceipt, ping, and the request id) read straight from the
 * token stream. Any other body, even one given as {@code null}, is {@link Uncertain}.
 */
final class ClientMessageReader {
    private static final FieldNames ENVELOPE = FieldNames.of(ClientMessage.getDescriptor());
    private static final FieldNames SEND_MESSAGE = FieldNames.of(SendMessage.getDescriptor());
    private static final FieldNames TYPING = FieldNames.of(Typing.getDescriptor());
    private static final FieldNames SEND_RECEIPT = FieldNames.of(SendReceipt.getDescriptor());
    private static final FieldNames PING = FieldNames.of(Ping.getDescriptor());
    private static final EnumNames RECEIPT_KINDS = EnumNames.of(ReceiptKind.getDescriptor());

    private ClientMessageReader() {
    }

    /** Reads the envelope whose START_OBJECT is the parser's current token. */
    static ClientMessage read(JsonParser parser) {
        JsonInput in = new JsonInput(parser, ENVELOPE);
        ClientMessage.Builder message = ClientMessage.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (field == ClientMessage.REQUEST_ID_FIELD_NUMBER) {
                if (!in.isNull()) {
                    message.setRequestId(in.string());
                }
                continue;
            }
            if (field != ClientMessage.SEND_MESSAGE_FIELD_NUMBER && field != ClientMessage.TYPING_FIELD_NUMBER
                    && field != ClientMessage.SEND_RECEIPT_FIELD_NUMBER && field != ClientMessage.PING_FIELD_NUMBER) {
                throw Uncertain.INSTANCE;
            }
            if (in.isNull()) {
                continue;
            }
            if (message.getBodyCase() != ClientMessage.BodyCase.BODY_NOT_SET) {
                throw Uncertain.INSTANCE; // a second body: JsonFormat rejects it with its own message
            }
            switch (field) {
                case ClientMessage.SEND_MESSAGE_FIELD_NUMBER -> message.setSendMessage(sendMessage(parser));
                case ClientMessage.TYPING_FIELD_NUMBER -> message.setTyping(typing(parser));
                case ClientMessage.SEND_RECEIPT_FIELD_NUMBER -> message.setSendReceipt(sendReceipt(parser));
                default -> message.setPing(ping(parser));
            }
        }
        return message.build();
    }

    private static SendMessage sendMessage(JsonParser parser) {
        JsonInput in = new JsonInput(parser, SEND_MESSAGE);
        SendMessage.Builder body = SendMessage.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            switch (field) {
                case SendMessage.CONVERSATION_ID_FIELD_NUMBER -> body.setConversationId(in.string());
                case SendMessage.CLIENT_MSG_ID_FIELD_NUMBER -> body.setClientMsgId(in.string());
                case SendMessage.TEXT_FIELD_NUMBER -> body.setText(in.string());
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }

    private static Typing typing(JsonParser parser) {
        JsonInput in = new JsonInput(parser, TYPING);
        Typing.Builder body = Typing.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            switch (field) {
                case Typing.CONVERSATION_ID_FIELD_NUMBER -> body.setConversationId(in.string());
                case Typing.TYPING_FIELD_NUMBER -> body.setTyping(in.bool());
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }

    private static SendReceipt sendReceipt(JsonParser parser) {
        JsonInput in = new JsonInput(parser, SEND_RECEIPT);
        SendReceipt.Builder body = SendReceipt.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            switch (field) {
                case SendReceipt.CONVERSATION_ID_FIELD_NUMBER -> body.setConversationId(in.string());
                case SendReceipt.KIND_FIELD_NUMBER -> body.setKindValue(in.enumNumber(RECEIPT_KINDS));
                case SendReceipt.UP_TO_SEQ_FIELD_NUMBER -> body.setUpToSeq(in.int64());
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }

    private static Ping ping(JsonParser parser) {
        JsonInput in = new JsonInput(parser, PING);
        if (in.nextField() != 0) {
            throw Uncertain.INSTANCE;
        }
        return Ping.getDefaultInstance();
    }
}
