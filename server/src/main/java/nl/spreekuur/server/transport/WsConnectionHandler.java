package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.http.ClientAddress;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import nl.spreekuur.server.logging.ContentFreeStackTrace;

/**
 * Creates the {@link WsConnection} when the upgrade completes, feeds writability changes to its outbox, cleans up
 * when the socket closes, and turns connection-level exceptions into the right close codes (never a stack trace
 * per frame).
 *
 * <p>When the upgrade completes it also removes the handlers only plain HTTP needs ({@link #HTTP_ONLY}): the
 * 101 answer has been written by then, so nothing of theirs is needed again, and an idle socket of thousands then
 * carries only the WebSocket stages. Stateless, so one instance serves every connection.
 */
@ChannelHandler.Sharable
final class WsConnectionHandler extends ChannelInboundHandlerAdapter {
    /** Pipeline stages that serve plain HTTP only, by name (see {@link SpreekuurChannelInitializer}). */
    static final List<String> HTTP_ONLY = List.of(SpreekuurChannelInitializer.REQUEST_BYTES,
            SpreekuurChannelInitializer.REQUEST_DEADLINE,
            SpreekuurChannelInitializer.SECURITY_HEADERS, SpreekuurChannelInitializer.HTTP_AGGREGATOR,
            SpreekuurChannelInitializer.WS_UPGRADE, SpreekuurChannelInitializer.WS_ORIGIN,
            SpreekuurChannelInitializer.WS_SUBPROTOCOL,
            SpreekuurChannelInitializer.HTTP_ROUTER);

    private static final Logger log = LoggerFactory.getLogger(WsConnectionHandler.class);

    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final Duration closeTimeout;

    WsConnectionHandler(ServerConfig config, ServerMetrics metrics, Duration closeTimeout) {
        this.config = config;
        this.metrics = metrics;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete handshake) {
            Optional<WireEncoding> encoding = WireEncoding.bySubprotocol(handshake.selectedSubprotocol());
            if (encoding.isEmpty()) {
                // SubprotocolGuard refuses these before the handshake; this is a second line of defence.
                ctx.close();
                return;
            }
            WsConnection connection = new WsConnection(ctx.channel(), encoding.get(), config.outboxMaxMessages(),
                    config.outboxMaxBytes(), metrics, closeTimeout);
            connection.clientAddress(ClientAddress.key(ClientAddress.resolve(ctx.channel().remoteAddress(),
                    handshake.requestHeaders().get(ClientAddress.FORWARDED_FOR), config.limits().trustedProxies())));
            ctx.channel().attr(WsConnection.KEY).set(connection);
            metrics.connectionOpened();
            removeHttpOnlyStages(ctx.pipeline());
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Netty's handshaker already removed the aggregator; the others are ours. */
    private static void removeHttpOnlyStages(ChannelPipeline pipeline) {
        for (String name : HTTP_ONLY) {
            if (pipeline.context(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection != null) {
            connection.outbox().writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection != null) {
            connection.terminated();
            metrics.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WsConnection connection = WsConnection.of(ctx.channel());
        if (cause instanceof TooLongFrameException && connection != null) {
            // A fragmented message grew past the limit (single oversized frames are refused by the decoder).
            connection.close(CloseCodes.TOO_BIG, "frame too large");
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            // Netty's frame decoder already sent the close frame (1002 / 1009 / 1007) and closes the socket.
            log.debug("protocol violation on {}: {}", ctx.channel().id(), cause.getMessage());
        } else if (cause instanceof javax.net.ssl.SSLException
                || cause instanceof io.netty.handler.codec.DecoderException
                && cause.getCause() instanceof javax.net.ssl.SSLException) {
            // a failed TLS handshake or plain HTTP on the TLS port; the exception's text may quote the peer's bytes
            log.debug("TLS failure on {}: {}", ctx.channel().id(), cause.getClass().getName());
            ctx.close();
        } else if (cause instanceof IOException) {
            log.debug("I/O error on {}: {}", ctx.channel().id(), cause.toString());
            ctx.close();
        } else {
            log.warn("unexpected error on {}: {}", ctx.channel().id(), cause.getClass().getName());
            log.debug("stack trace (messages left out):\n{}", ContentFreeStackTrace.of(cause));
            if (connection != null) {
                connection.close(CloseCodes.INTERNAL_ERROR, "internal error");
            } else {
                ctx.close();
            }
        }
    }
}
