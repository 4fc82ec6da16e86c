package nl.spreekuur.loadtest.client;

import com.google.protobuf.InvalidProtocolBufferException;
import nl.spreekuur.protocol.json.WireJson;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ServerMessage;

/**
 * The two Spreekuur subprotocols: protobuf in binary frames, canonical JSON in text frames. JSON goes through the
 * server's own codec ({@link WireJson}): the load client shares the machine with the server, so its CPU counts.
 */
public enum Encoding {
    PROTO("spreekuur.v1.proto"),
    JSON("spreekuur.v1.json");

    private final String subprotocol;

    Encoding(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    public String subprotocol() {
        return subprotocol;
    }

    static String toJson(ClientMessage message) {
        try {
            return WireJson.encodeClient(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ServerMessage fromJson(String text) throws InvalidProtocolBufferException {
        return WireJson.decodeServer(text);
    }
}
