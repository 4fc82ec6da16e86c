package nl.spreekuur.server.testsupport;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import nl.spreekuur.protocol.v1.ServerMessage;

/**
 * What a handler under test passed along or wrote on an {@link EmbeddedChannel}. The untyped reads exist because
 * {@code channel.readInbound()} infers its type from the call site, which inside {@code assertThat(...)} is
 * ambiguous.
 */
public final class EmbeddedFrames {
    private EmbeddedFrames() {
    }

    /** The next message passed on to the next handler, or null. */
    public static Object inbound(EmbeddedChannel channel) {
        return channel.readInbound();
    }

    /** The next thing written towards the peer, or null. */
    public static Object outbound(EmbeddedChannel channel) {
        return channel.readOutbound();
    }

    /** The next frame written towards the peer, a binary frame decoded as protobuf; the frame is released. */
    public static ServerMessage sentProtobuf(EmbeddedChannel channel) throws InvalidProtocolBufferException {
        BinaryWebSocketFrame frame = channel.readOutbound();
        try {
            byte[] bytes = new byte[frame.content().readableBytes()];
            frame.content().readBytes(bytes);
            return ServerMessage.parseFrom(bytes);
        } finally {
            frame.release();
        }
    }

    /** The next frame written towards the peer, a text frame decoded as JSON; the frame is released. */
    public static ServerMessage sentJson(EmbeddedChannel channel) throws InvalidProtocolBufferException {
        TextWebSocketFrame frame = channel.readOutbound();
        try {
            ServerMessage.Builder builder = ServerMessage.newBuilder();
            JsonFormat.parser().merge(frame.text(), builder);
            return builder.build();
        } finally {
            frame.release();
        }
    }
}
