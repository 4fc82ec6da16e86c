package nl.spreekuur.protocol.json;

import com.google.protobuf.Timestamp;
import java.util.Random;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.Participant;
import nl.spreekuur.protocol.v1.ParticipantJoined;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.Pong;
import nl.spreekuur.protocol.v1.ReceiptEvent;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendReceipt;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.protocol.v1.Typing;
import nl.spreekuur.protocol.v1.TypingEvent;

/** Random messages of the hot types, with the values that trip JSON codecs: odd text, extreme numbers, defaults. */
final class RandomMessages {
    private static final String SPECIAL = "\"\\/<>&='\u2028\u2029\u007f\u0085\u00a0\ufeff";

    private final Random random;

    RandomMessages(Random random) {
        this.random = random;
    }

    ClientMessage client() {
        ClientMessage.Builder message = ClientMessage.newBuilder().setRequestId(text());
        switch (random.nextInt(4)) {
            case 0 -> message.setSendMessage(SendMessage.newBuilder()
                    .setConversationId(text()).setClientMsgId(text()).setText(text()));
            case 1 -> message.setTyping(Typing.newBuilder().setConversationId(text()).setTyping(random.nextBoolean()));
            case 2 -> message.setSendReceipt(SendReceipt.newBuilder()
                    .setConversationId(text()).setKindValue(enumNumber(ReceiptKind.values().length)).setUpToSeq(int64()));
            default -> message.setPing(Ping.getDefaultInstance());
        }
        return message.build();
    }

    /** A hot server message; with {@code textEventsOnly} false, events sometimes carry a body the fast path leaves. */
    ServerMessage server(boolean textEventsOnly) {
        ServerMessage.Builder message = ServerMessage.newBuilder().setRequestId(text());
        switch (random.nextInt(6)) {
            case 0 -> {
                MessageAck.Builder ack = MessageAck.newBuilder().setConversationId(text()).setClientMsgId(text())
                        .setSeq(int64()).setDuplicate(random.nextBoolean());
                if (random.nextInt(5) != 0) {
                    ack.setSentAt(timestamp());
                }
                message.setMessageAck(ack);
            }
            case 1 -> message.setEvent(event(textEventsOnly));
            case 2 -> message.setTyping(TypingEvent.newBuilder().setConversationId(text()).setParticipantId(text())
                    .setDisplayName(text()).setTyping(random.nextBoolean()));
            case 3 -> message.setReceipt(ReceiptEvent.newBuilder().setConversationId(text()).setParticipantId(text())
                    .setKindValue(enumNumber(ReceiptKind.values().length)).setUpToSeq(int64()));
            case 4 -> message.setPong(Pong.getDefaultInstance());
            default -> message.setError(nl.spreekuur.protocol.v1.Error.newBuilder()
                    .setCodeValue(enumNumber(ErrorCode.values().length)).setMessage(text()).setRequestId(text()));
        }
        return message.build();
    }

    private ConversationEvent event(boolean textOnly) {
        ConversationEvent.Builder event = ConversationEvent.newBuilder().setConversationId(text()).setSeq(int64())
                .setSenderId(text()).setSenderRoleValue(enumNumber(ParticipantRole.values().length))
                .setSenderName(text()).setClientMsgId(text());
        if (random.nextInt(5) != 0) {
            event.setSentAt(timestamp());
        }
        if (textOnly || random.nextInt(4) != 0) {
            event.setText(TextMessage.newBuilder().setText(text()));
        } else {
            event.setJoined(ParticipantJoined.newBuilder().setParticipant(Participant.newBuilder()
                    .setParticipantId(text()).setDisplayName(text()).setReadSeq(int64())));
        }
        return event.build();
    }

    /** Mostly current times with 0, 3, 6 or 9 significant fraction digits; sometimes the epoch, 9999 or before 1970. */
    Timestamp timestamp() {
        long seconds = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 253_402_300_799L;
            case 2 -> -62_135_596_800L + (long) (random.nextDouble() * 62_135_596_800L);
            case 3 -> (long) (random.nextDouble() * 253_402_300_799L);
            default -> 1_700_000_000L + random.nextInt(400_000_000);
        };
        int nanos = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    long int64() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            case 2 -> Long.MIN_VALUE;
            case 3 -> random.nextLong();
            case 4 -> -random.nextInt(1000);
            default -> random.nextInt(1_000_000);
        };
    }

    /** Every named value, 0 often, and now and then a number the schema does not name. */
    int enumNumber(int named) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> named + random.nextInt(50);
            default -> random.nextInt(named);
        };
    }

    /** Empty a quarter of the time; else a mix of ASCII, escapes, HTML characters, BMP text and surrogate pairs. */
    String text() {
        if (random.nextInt(4) == 0) {
            return "";
        }
        int length = 1 + random.nextInt(random.nextBoolean() ? 8 : 80);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(12)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 3 -> text.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
                case 4 -> text.append((char) (0xE000 + random.nextInt(0x2000)));
                case 5 -> text.append(random.nextBoolean() ? "\ud83d\ude00" : "é中");
                case 6 -> text.append((char) (random.nextBoolean() ? 0xD800 : 0xDC00 + random.nextInt(0x400)));
                default -> text.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return text.toString();
    }
}
