package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.session.CloseCodes;

/**
 * Pings every upgraded connection every {@code interval} (browsers answer pings with pongs by themselves), and
 * closes a connection from which nothing (not even a pong) arrived for the idle timeout, as reported by the
 * {@code IdleStateHandler} at the front of the pipeline: 4002 for WebSockets, a plain close for idle HTTP.
 *
 * <p>Not while the server itself has stopped reading the connection (auto-read off: backpressure, see
 * {@link RequestGate}, or an HTTP request being answered): its frames and pongs then wait unread in the socket, so
 * the silence says nothing about the client. Once reading resumes, the idle timeout applies again.
 */
final class HeartbeatHandler extends ChannelInboundHandlerAdapter {
    private final Duration interval;
    private ScheduledFuture<?> pings;

    HeartbeatHandler(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete) {
            long millis = interval.toMillis();
            pings = ctx.executor().scheduleAtFixedRate(() -> ping(ctx), millis, millis, TimeUnit.MILLISECONDS);
        } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (!ctx.channel().config().isAutoRead()) {
                return;
            }
            WsConnection connection = WsConnection.of(ctx.channel());
            if (connection != null) {
                connection.close(CloseCodes.IDLE_TIMEOUT, "idle timeout");
            } else {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private static void ping(ChannelHandlerContext ctx) {
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection != null && connection.isOpen() && ctx.channel().isWritable()) {
            ctx.writeAndFlush(new PingWebSocketFrame());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pings != null) {
            pings.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
