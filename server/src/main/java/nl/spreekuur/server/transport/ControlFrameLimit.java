package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;

/**
 * WebSocket control frames from the client: every ping and pong takes a token from the connection's rate limit
 * ({@link RateLimitHandler}: over it the frame is dropped, and a client that keeps sending is closed with 4003), and
 * a ping is answered with a pong only while the channel is writable. A client that sends pings without reading
 * therefore never makes the server queue pongs (Netty's own handler would write one per ping, unbounded). Pongs are
 * dropped here after counting (the idle timer has seen them already). Sits before {@code ws-protocol}.
 */
final class ControlFrameLimit extends ChannelInboundHandlerAdapter {
    private final RateLimitHandler rateLimit;

    ControlFrameLimit(RateLimitHandler rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PingWebSocketFrame ping) {
            if (rateLimit.admitControlFrame(ctx) && ctx.channel().isWritable()) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            }
            ping.release();
            return;
        }
        if (msg instanceof PongWebSocketFrame pong) {
            rateLimit.admitControlFrame(ctx);
            pong.release();
            return;
        }
        super.channelRead(ctx, msg);
    }
}
