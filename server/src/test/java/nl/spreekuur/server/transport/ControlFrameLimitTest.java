package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.time.Duration;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 13: pings are rate limited and never answered into an unwritable channel (no unbounded pong backlog). */
class ControlFrameLimitTest {
    private final ServerMetrics metrics = new ServerMetrics();
    private final TestClock clock = new TestClock();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private EmbeddedChannel channel(int burst) {
        RateLimitHandler rateLimit = new RateLimitHandler(1, burst, clock);
        EmbeddedChannel channel = new EmbeddedChannel(new ControlFrameLimit(rateLimit), rateLimit);
        channel.attr(WsConnection.KEY).set(new WsConnection(channel, WireEncoding.PROTOBUF, 1000, 1 << 20, metrics,
                Duration.ofSeconds(3)));
        return channel;
    }

    private static PingWebSocketFrame ping() {
        return new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    }

    @Test
    void aWritableChannelGetsItsPong() {
        EmbeddedChannel channel = channel(10);
        channel.writeInbound(ping());
        Object out = channel.readOutbound();
        assertThat(out).isInstanceOf(PongWebSocketFrame.class);
        ((PongWebSocketFrame) out).release();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void anUnwritableChannelGetsNoPongAndNothingIsQueued() {
        EmbeddedChannel channel = channel(1_000_000);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertThat(channel.isWritable()).isFalse();
        for (int i = 0; i < 100_000; i++) {
            channel.writeInbound(ping());
        }
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.unsafe().outboundBuffer().totalPendingWriteBytes()).isZero();
    }

    @Test
    void pingsTakeRateLimitTokensAndAFloodCloses4003() {
        EmbeddedChannel channel = channel(3);
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(ping());
            ((PongWebSocketFrame) channel.readOutbound()).release();
        }
        channel.writeInbound(ping());
        assertThat((Object) channel.readOutbound()).isNull();
        for (int i = 0; i < 10 && channel.isOpen(); i++) {
            channel.writeInbound(ping());
        }
        CloseWebSocketFrame close = null;
        for (Object out; (out = channel.readOutbound()) != null; ) {
            if (out instanceof CloseWebSocketFrame frame) {
                close = frame;
            }
        }
        assertThat(close).isNotNull();
        assertThat(close.statusCode()).isEqualTo(CloseCodes.FLOODING);
        close.release();
    }
}
