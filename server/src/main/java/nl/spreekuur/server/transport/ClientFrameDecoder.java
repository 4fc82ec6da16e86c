package nl.spreekuur.server.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import nl.spreekuur.protocol.json.WireJson;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;

/**
 * Data frame → {@link ClientMessage}, by the connection's encoding: binary frames on {@code spreekuur.v1.proto},
 * text frames on {@code spreekuur.v1.json}; the other frame type closes the connection with 1003. A frame that does
 * not decode becomes {@link UndecodableFrame} (answered with MALFORMED; the connection stays open).
 *
 * <p>JSON ignores unknown fields, so an older server accepts messages from a newer client: a request of a type it
 * does not know decodes with no body set and is answered UNKNOWN_TYPE, just as on the protobuf encoding, where
 * unknown fields are kept aside by protobuf itself.
 *
 * <p>JSON goes through {@link WireJson}: the hot requests are read from the frame's bytes with no intermediate
 * String, everything else by JsonFormat, with identical results. Being cheap now, JSON decoding stays on the event
 * loop like protobuf decoding.
 */
@ChannelHandler.Sharable
final class ClientFrameDecoder extends MessageToMessageDecoder<WebSocketFrame> {
    private final ServerMetrics metrics;

    ClientFrameDecoder(ServerMetrics metrics) {
        super(WebSocketFrame.class);
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection == null || !(frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame)) {
            return;
        }
        WireEncoding encoding = connection.encoding();
        if (!encoding.accepts(frame)) {
            connection.close(CloseCodes.WRONG_FRAME_TYPE, encoding == WireEncoding.PROTOBUF
                    ? "binary frames only on " + encoding.subprotocol()
                    : "text frames only on " + encoding.subprotocol());
            return;
        }
        if (!connection.isOpen()) {
            return;
        }
        metrics.frameIn(encoding.metricTag());
        out.add(encoding == WireEncoding.PROTOBUF ? decodeProtobuf(frame) : decodeJson((TextWebSocketFrame) frame));
    }

    /**
     * Straight from the frame's memory: parsing from a stream would allocate protobuf's 4 KiB read buffer for every
     * frame (a tenth of what a new connection allocated).
     */
    private static Object decodeProtobuf(WebSocketFrame frame) {
        ByteBuf content = frame.content();
        try {
            if (content.hasArray()) {
                return ClientMessage.parser().parseFrom(content.array(),
                        content.arrayOffset() + content.readerIndex(), content.readableBytes());
            }
            return ClientMessage.parseFrom(content.nioBuffer());
        } catch (InvalidProtocolBufferException e) {
            return UndecodableFrame.INSTANCE;
        }
    }

    private static Object decodeJson(TextWebSocketFrame frame) {
        ByteBuf content = frame.content();
        try {
            if (content.hasArray()) {
                return WireJson.decodeClient(content.array(), content.arrayOffset() + content.readerIndex(),
                        content.readableBytes());
            }
            byte[] copy = ByteBufUtil.getBytes(content);
            return WireJson.decodeClient(copy, 0, copy.length);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return UndecodableFrame.INSTANCE;
        }
    }
}
