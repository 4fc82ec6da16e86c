package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Clock;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.ErrorReplies;

/**
 * Per-connection rate limit on inbound messages (decoded or not) and control frames (pings, pongs: see
 * {@link ControlFrameLimit}). Over the limit a message is dropped and answered
 * {@code RATE_LIMITED}; a client that keeps sending regardless (more than twice the burst rejected within one
 * second) is closed with 4003 "flooding". Each connection has its own bucket, so one flooding client never slows
 * another.
 */
final class RateLimitHandler extends ChannelInboundHandlerAdapter {
    static final long FLOOD_WINDOW_MILLIS = 1000;
    static final String TOO_FAST = "too many requests; slow down";

    private final TokenBucket bucket;
    private final Clock clock;
    private final int floodThreshold;
    private long windowStartMillis;
    private int rejectedInWindow;

    RateLimitHandler(double messagesPerSecond, int burst, Clock clock) {
        this.bucket = new TokenBucket(messagesPerSecond, burst, clock);
        this.clock = clock;
        this.floodThreshold = 2 * burst;
        this.windowStartMillis = clock.millis();
    }

    /**
     * A ping or pong: takes a token like a message; over the limit false (the frame is dropped unanswered, since
     * control frames get no Error) and, for a client that keeps sending regardless, close 4003.
     */
    boolean admitControlFrame(ChannelHandlerContext ctx) {
        if (bucket.tryTake()) {
            return true;
        }
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection != null && connection.isOpen() && isFlooding()) {
            connection.close(CloseCodes.FLOODING, "flooding");
        }
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ClientMessage) && msg != UndecodableFrame.INSTANCE) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (bucket.tryTake()) {
            ctx.fireChannelRead(msg);
            return;
        }
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection == null || !connection.isOpen()) {
            return;
        }
        if (isFlooding()) {
            connection.close(CloseCodes.FLOODING, "flooding");
            return;
        }
        String requestId = msg instanceof ClientMessage message ? EnvelopeValidator.echoableId(message) : "";
        connection.send(ErrorReplies.error(requestId, ErrorCode.RATE_LIMITED, TOO_FAST));
    }

    private boolean isFlooding() {
        long now = clock.millis();
        if (now - windowStartMillis >= FLOOD_WINDOW_MILLIS || now < windowStartMillis) {
            windowStartMillis = now;
            rejectedInWindow = 0;
        }
        rejectedInWindow++;
        return rejectedInWindow > floodThreshold;
    }
}
