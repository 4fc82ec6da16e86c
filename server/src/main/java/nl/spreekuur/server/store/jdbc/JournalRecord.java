package nl.spreekuur.server.store.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ReceiptKind;

/**
 * One hot-path write as the {@link Journal} keeps it until the database has it on disk itself: a stored event, a
 * raised receipt position, or a newly issued session (a connect storm issues hundreds of tokens per second). Encoded with {@link DataOutputStream} (the journal adds length and checksum).
 */
sealed interface JournalRecord {

    byte EVENT = 1;
    byte RECEIPT = 2;
    byte SESSION = 3;

    /** A conversation event as inserted into conversation_events. */
    record Event(String conversationId, long seq, String senderId, String clientMsgId, Instant createdAt,
                 byte[] payload) implements JournalRecord {
    }

    /** A participant's delivered/read position after a SendReceipt (the stored value). */
    record Receipt(String conversationId, String principalId, ReceiptKind kind, long value) implements JournalRecord {
    }

    /** A session row as inserted when a token is issued (only the token's hash, never the token). */
    record Session(String id, String tokenHash, String kind, String accountId, String organisationId,
                   Instant createdAt, Instant expiresAt) implements JournalRecord {
    }

    default byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (this instanceof Event e) {
                out.writeByte(EVENT);
                out.writeUTF(e.conversationId());
                out.writeLong(e.seq());
                out.writeUTF(e.senderId());
                out.writeBoolean(e.clientMsgId() != null);
                if (e.clientMsgId() != null) {
                    out.writeUTF(e.clientMsgId());
                }
                out.writeLong(e.createdAt().getEpochSecond());
                out.writeInt(e.createdAt().getNano());
                out.writeInt(e.payload().length);
                out.write(e.payload());
            } else if (this instanceof Receipt r) {
                out.writeByte(RECEIPT);
                out.writeUTF(r.conversationId());
                out.writeUTF(r.principalId());
                out.writeByte(r.kind().getNumber());
                out.writeLong(r.value());
            } else if (this instanceof Session session) {
                out.writeByte(SESSION);
                out.writeUTF(session.id());
                out.writeUTF(session.tokenHash());
                out.writeUTF(session.kind());
                writeNullable(out, session.accountId());
                writeNullable(out, session.organisationId());
                writeInstant(out, session.createdAt());
                writeInstant(out, session.expiresAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static JournalRecord decode(DataInputStream in) throws IOException {
        byte type = in.readByte();
        if (type == EVENT) {
            String conversationId = in.readUTF();
            long seq = in.readLong();
            String senderId = in.readUTF();
            String clientMsgId = in.readBoolean() ? in.readUTF() : null;
            Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return new Event(conversationId, seq, senderId, clientMsgId, createdAt, payload);
        }
        if (type == RECEIPT) {
            return new Receipt(in.readUTF(), in.readUTF(), ReceiptKind.forNumber(in.readByte()), in.readLong());
        }
        if (type == SESSION) {
            return new Session(in.readUTF(), in.readUTF(), in.readUTF(), readNullable(in), readNullable(in),
                    readInstant(in), readInstant(in));
        }
        throw new IOException("unknown journal record type " + type);
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
