package nl.spreekuur.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Optional;
import nl.spreekuur.server.session.EncodedMessage;

/** The two wire encodings, chosen per connection by WebSocket subprotocol. */
public enum WireEncoding {
    /** Binary frames holding protobuf-encoded envelopes. */
    PROTOBUF("spreekuur.v1.proto", "proto"),
    /** Text frames holding proto3 canonical JSON envelopes. */
    JSON("spreekuur.v1.json", "json");

    private final String subprotocol;
    private final String metricTag;

    WireEncoding(String subprotocol, String metricTag) {
        this.subprotocol = subprotocol;
        this.metricTag = metricTag;
    }

    public String subprotocol() {
        return subprotocol;
    }

    public String metricTag() {
        return metricTag;
    }

    /** Comma-separated, for the WebSocket handshaker. */
    public static String allSubprotocols() {
        return PROTOBUF.subprotocol + "," + JSON.subprotocol;
    }

    public static Optional<WireEncoding> bySubprotocol(String subprotocol) {
        for (WireEncoding encoding : values()) {
            if (encoding.subprotocol.equals(subprotocol)) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }

    /** The frame for this encoding; wraps the message's shared bytes without copying. */
    public WebSocketFrame frame(EncodedMessage message) {
        return this == PROTOBUF
                ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message.protobuf()))
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(message.jsonBytes()));
    }

    /** Bytes the message takes on the wire in this encoding (encodes it once if not done yet). */
    public int size(EncodedMessage message) {
        return this == PROTOBUF ? message.protobuf().length : message.jsonBytes().length;
    }

    /** Whether a data frame of this type belongs to this encoding. */
    public boolean accepts(WebSocketFrame frame) {
        return this == PROTOBUF ? frame instanceof BinaryWebSocketFrame : frame instanceof TextWebSocketFrame;
    }
}
