package nl.spreekuur.server.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The payload of a {@code node:<nodeId>} publication: a message for one connection of that node. Layout: the
 * connection id's UTF-8 length as an unsigned 16-bit big-endian number, the connection id, then the encoded
 * {@code ServerMessage}.
 */
record ConnectionDelivery(String connectionId, byte[] message) {

    byte[] encode() {
        byte[] id = connectionId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 0xFFFF) {
            throw new IllegalArgumentException("connection id too long");
        }
        return ByteBuffer.allocate(2 + id.length + message.length).putShort((short) id.length).put(id).put(message)
                .array();
    }

    /** @throws IllegalArgumentException if the payload is not a delivery */
    static ConnectionDelivery decode(byte[] payload) {
        if (payload.length < 2) {
            throw new IllegalArgumentException("too short");
        }
        int idLength = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (payload.length < 2 + idLength) {
            throw new IllegalArgumentException("truncated");
        }
        String id = new String(payload, 2, idLength, StandardCharsets.UTF_8);
        return new ConnectionDelivery(id, Arrays.copyOfRange(payload, 2 + idLength, payload.length));
    }
}
