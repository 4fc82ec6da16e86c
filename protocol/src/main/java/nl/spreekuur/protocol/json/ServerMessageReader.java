package nl.spreekuur.protocol.json;

import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.Pong;
import nl.spreekuur.protocol.v1.ReceiptEvent;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.protocol.v1.TypingEvent;
import tools.jackson.core.JsonParser;

/**
 * The hot server messages (message ack, text event push, typing, receipt, pong, error) read straight from the token
 * stream, for the load-test client. Any other body, and an event with any body but text, is {@link Uncertain}.
 */
final class ServerMessageReader {
    private static final FieldNames ENVELOPE = FieldNames.of(ServerMessage.getDescriptor());
    private static final FieldNames MESSAGE_ACK = FieldNames.of(MessageAck.getDescriptor());
    private static final FieldNames EVENT = FieldNames.of(ConversationEvent.getDescriptor());
    private static final FieldNames TEXT = FieldNames.of(TextMessage.getDescriptor());
    private static final FieldNames TYPING = FieldNames.of(TypingEvent.getDescriptor());
    private static final FieldNames RECEIPT = FieldNames.of(ReceiptEvent.getDescriptor());
    private static final FieldNames PONG = FieldNames.of(Pong.getDescriptor());
    private static final FieldNames ERROR = FieldNames.of(nl.spreekuur.protocol.v1.Error.getDescriptor());
    private static final EnumNames RECEIPT_KINDS = EnumNames.of(ReceiptKind.getDescriptor());
    private static final EnumNames ROLES = EnumNames.of(ParticipantRole.getDescriptor());
    private static final EnumNames ERROR_CODES = EnumNames.of(ErrorCode.getDescriptor());

    private ServerMessageReader() {
    }

    /** Reads the envelope whose START_OBJECT is the parser's current token. */
    static ServerMessage read(JsonParser parser) {
        JsonInput in = new JsonInput(parser, ENVELOPE);
        ServerMessage.Builder message = ServerMessage.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (field == ServerMessage.REQUEST_ID_FIELD_NUMBER) {
                if (!in.isNull()) {
                    message.setRequestId(in.string());
                }
                continue;
            }
            if (field != ServerMessage.MESSAGE_ACK_FIELD_NUMBER && field != ServerMessage.EVENT_FIELD_NUMBER
                    && field != ServerMessage.TYPING_FIELD_NUMBER && field != ServerMessage.RECEIPT_FIELD_NUMBER
                    && field != ServerMessage.PONG_FIELD_NUMBER && field != ServerMessage.ERROR_FIELD_NUMBER) {
                throw Uncertain.INSTANCE;
            }
            if (in.isNull()) {
                continue;
            }
            if (message.getBodyCase() != ServerMessage.BodyCase.BODY_NOT_SET) {
                throw Uncertain.INSTANCE;
            }
            switch (field) {
                case ServerMessage.MESSAGE_ACK_FIELD_NUMBER -> message.setMessageAck(messageAck(parser));
                case ServerMessage.EVENT_FIELD_NUMBER -> message.setEvent(event(parser));
                case ServerMessage.TYPING_FIELD_NUMBER -> message.setTyping(typing(parser));
                case ServerMessage.RECEIPT_FIELD_NUMBER -> message.setReceipt(receipt(parser));
                case ServerMessage.PONG_FIELD_NUMBER -> message.setPong(pong(parser));
                default -> message.setError(error(parser));
            }
        }
        return message.build();
    }

    private static MessageAck messageAck(JsonParser parser) {
        JsonInput in = new JsonInput(parser, MESSAGE_ACK);
        MessageAck.Builder body = MessageAck.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            switch (field) {
                case MessageAck.CONVERSATION_ID_FIELD_NUMBER -> body.setConversationId(in.string());
                case MessageAck.CLIENT_MSG_ID_FIELD_NUMBER -> body.setClientMsgId(in.string());
                case MessageAck.SEQ_FIELD_NUMBER -> body.setSeq(in.int64());
                case MessageAck.SENT_AT_FIELD_NUMBER -> body.setSentAt(in.timestamp());
                case MessageAck.DUPLICATE_FIELD_NUMBER -> body.setDuplicate(in.bool());
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }

    private static ConversationEvent event(JsonParser parser) {
        JsonInput in = new JsonInput(parser, EVENT);
        ConversationEvent.Builder body = ConversationEvent.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                if (field > ConversationEvent.CLIENT_MSG_ID_FIELD_NUMBER && field != ConversationEvent.TEXT_FIELD_NUMBER) {
                    throw Uncertain.INSTANCE; // another event body, even as null, is left to JsonFormat
                }
                continue;
            }
            switch (field) {
                case ConversationEvent.CONVERSATION_ID_FIELD_NUMBER -> body.setConversationId(in.string());
                case ConversationEvent.SEQ_FIELD_NUMBER -> body.setSeq(in.int64());
                case ConversationEvent.SENT_AT_FIELD_NUMBER -> body.setSentAt(in.timestamp());
                case ConversationEvent.SENDER_ID_FIELD_NUMBER -> body.setSenderId(in.string());
                case ConversationEvent.SENDER_ROLE_FIELD_NUMBER -> body.setSenderRoleValue(in.enumNumber(ROLES));
                case ConversationEvent.SENDER_NAME_FIELD_NUMBER -> body.setSenderName(in.string());
                case ConversationEvent.CLIENT_MSG_ID_FIELD_NUMBER -> body.setClientMsgId(in.string());
                case ConversationEvent.TEXT_FIELD_NUMBER -> body.setText(text(parser));
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }

    private static TextMessage text(JsonParser parser) {
        JsonInput in = new JsonInput(parser, TEXT);
        TextMessage.Builder body = TextMessage.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            if (field != TextMessage.TEXT_FIELD_NUMBER) {
                throw Uncertain.INSTANCE;
            }
            body.setText(in.string());
        }
        return body.build();
    }

    private static TypingEvent typing(JsonParser parser) {
        JsonInput in = new JsonInput(parser, TYPING);
        TypingEvent.Builder body = TypingEvent.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            switch (field) {
                case TypingEvent.CONVERSATION_ID_FIELD_NUMBER -> body.setConversationId(in.string());
                case TypingEvent.PARTICIPANT_ID_FIELD_NUMBER -> body.setParticipantId(in.string());
                case TypingEvent.DISPLAY_NAME_FIELD_NUMBER -> body.setDisplayName(in.string());
                case TypingEvent.TYPING_FIELD_NUMBER -> body.setTyping(in.bool());
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }

    private static ReceiptEvent receipt(JsonParser parser) {
        JsonInput in = new JsonInput(parser, RECEIPT);
        ReceiptEvent.Builder body = ReceiptEvent.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            switch (field) {
                case ReceiptEvent.CONVERSATION_ID_FIELD_NUMBER -> body.setConversationId(in.string());
                case ReceiptEvent.PARTICIPANT_ID_FIELD_NUMBER -> body.setParticipantId(in.string());
                case ReceiptEvent.KIND_FIELD_NUMBER -> body.setKindValue(in.enumNumber(RECEIPT_KINDS));
                case ReceiptEvent.UP_TO_SEQ_FIELD_NUMBER -> body.setUpToSeq(in.int64());
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }

    private static Pong pong(JsonParser parser) {
        JsonInput in = new JsonInput(parser, PONG);
        if (in.nextField() != 0) {
            throw Uncertain.INSTANCE;
        }
        return Pong.getDefaultInstance();
    }

    private static nl.spreekuur.protocol.v1.Error error(JsonParser parser) {
        JsonInput in = new JsonInput(parser, ERROR);
        nl.spreekuur.protocol.v1.Error.Builder body = nl.spreekuur.protocol.v1.Error.newBuilder();
        for (int field = in.nextField(); field != 0; field = in.nextField()) {
            if (in.isNull()) {
                continue;
            }
            switch (field) {
                case nl.spreekuur.protocol.v1.Error.CODE_FIELD_NUMBER -> body.setCodeValue(in.enumNumber(ERROR_CODES));
                case nl.spreekuur.protocol.v1.Error.MESSAGE_FIELD_NUMBER -> body.setMessage(in.string());
                case nl.spreekuur.protocol.v1.Error.REQUEST_ID_FIELD_NUMBER -> body.setRequestId(in.string());
                default -> throw Uncertain.INSTANCE;
            }
        }
        return body.build();
    }
}
