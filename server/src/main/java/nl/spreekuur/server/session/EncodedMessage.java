package nl.spreekuur.server.session;

import com.google.protobuf.InvalidProtocolBufferException;
import nl.spreekuur.protocol.json.WireJson;
import nl.spreekuur.protocol.v1.ServerMessage;

/**
 * A server message that is encoded at most once per wire encoding, however many connections it goes to.
 * Broadcasts create one instance and hand it to every recipient; the transport takes the bytes of the
 * connection's encoding and wraps them without copying.
 *
 * <p>JSON is printed by {@link WireJson}: by hand for the hot messages, by JsonFormat for the rest, the same text
 * either way.
 */
public final class EncodedMessage {
    private final ServerMessage message;
    private volatile byte[] protobuf;
    private volatile String json;
    private volatile byte[] jsonUtf8;

    public EncodedMessage(ServerMessage message) {
        this.message = message;
    }

    public static EncodedMessage of(ServerMessage message) {
        return new EncodedMessage(message);
    }

    public ServerMessage message() {
        return message;
    }

    /** Protobuf bytes; callers must not modify the array (it is shared). */
    public byte[] protobuf() {
        byte[] bytes = protobuf;
        if (bytes == null) {
            bytes = message.toByteArray();
            protobuf = bytes;
        }
        return bytes;
    }

    /** proto3 canonical JSON, compact. */
    public String json() {
        String text = json;
        if (text == null) {
            try {
                text = WireJson.encodeServer(message);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("ServerMessage cannot be printed as JSON", e);
            }
            json = text;
        }
        return text;
    }

    /** {@link #json()} as UTF-8 bytes, encoded once; callers must not modify the array (it is shared). */
    public byte[] jsonBytes() {
        byte[] bytes = jsonUtf8;
        if (bytes == null) {
            bytes = json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            jsonUtf8 = bytes;
        }
        return bytes;
    }
}
