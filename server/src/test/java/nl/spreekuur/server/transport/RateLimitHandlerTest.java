package nl.spreekuur.server.transport;

import static nl.spreekuur.server.testsupport.EmbeddedFrames.inbound;
import static nl.spreekuur.server.testsupport.EmbeddedFrames.outbound;
import static nl.spreekuur.server.testsupport.EmbeddedFrames.sentProtobuf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Duration;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitHandlerTest {
    private final ServerMetrics metrics = new ServerMetrics();
    private final TestClock clock = new TestClock();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private EmbeddedChannel channel(int burst, double perSecond) {
        EmbeddedChannel channel = new EmbeddedChannel(new RateLimitHandler(perSecond, burst, clock));
        channel.attr(WsConnection.KEY).set(new WsConnection(channel, WireEncoding.PROTOBUF, 1000, 1 << 20, metrics,
                Duration.ofSeconds(3)));
        return channel;
    }

    private static ClientMessage ping(String id) {
        return ClientMessage.newBuilder().setRequestId(id).setPing(Ping.getDefaultInstance()).build();
    }

    @Test
    void burstPassesThenRateLimitedUntilTokensRefill() throws Exception {
        EmbeddedChannel channel = channel(3, 2);
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(ping("p" + i));
            assertThat(inbound(channel)).isEqualTo(ping("p" + i));
        }
        channel.writeInbound(ping("p3"));
        assertThat(inbound(channel)).isNull();
        ServerMessage limited = sentProtobuf(channel);
        assertThat(limited.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.getRequestId()).isEqualTo("p3");

        clock.advance(Duration.ofMillis(500)); // 2 per second: one token back
        channel.writeInbound(ping("p4"));
        assertThat(inbound(channel)).isEqualTo(ping("p4"));
        channel.writeInbound(ping("p5"));
        assertThat(inbound(channel)).isNull();
    }

    @Test
    void undecodableFramesCountToo() throws Exception {
        EmbeddedChannel channel = channel(1, 1);
        channel.writeInbound(UndecodableFrame.INSTANCE);
        assertThat(inbound(channel)).isSameAs(UndecodableFrame.INSTANCE);
        channel.writeInbound(UndecodableFrame.INSTANCE);
        ServerMessage limited = sentProtobuf(channel);
        assertThat(limited.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(limited.getRequestId()).isEmpty();
    }

    @Test
    void moreThanTwiceTheBurstRejectedWithinASecondClosesWith4003() throws Exception {
        EmbeddedChannel channel = channel(2, 1);
        channel.writeInbound(ping("a"), ping("b"));
        channel.readInbound();
        channel.readInbound();
        for (int i = 0; i < 4; i++) {
            channel.writeInbound(ping("r" + i));
            assertThat(sentProtobuf(channel).getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        }
        channel.writeInbound(ping("one-too-many"));
        assertThat(sentProtobuf(channel).getSessionEnding().getCloseCode()).isEqualTo(CloseCodes.FLOODING);
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(CloseCodes.FLOODING);
        assertThat(close.reasonText()).isEqualTo("flooding");
        close.release();
    }

    @Test
    void rejectionsSpreadOverTimeDoNotCountAsFlooding() throws Exception {
        EmbeddedChannel channel = channel(1, 0.1);
        channel.writeInbound(ping("first"));
        channel.readInbound();
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(ping("r" + i));
            assertThat(sentProtobuf(channel).getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
            clock.advance(Duration.ofMillis(700)); // at most 2 rejections per 1 s window
        }
        assertThat(outbound(channel)).isNull();
    }

    @Test
    void eachConnectionHasItsOwnBucket() throws Exception {
        EmbeddedChannel greedy = channel(1, 1);
        EmbeddedChannel calm = channel(1, 1);
        greedy.writeInbound(ping("g1"), ping("g2"));
        greedy.readInbound();
        assertThat(sentProtobuf(greedy).getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        calm.writeInbound(ping("c1"));
        assertThat(inbound(calm)).isEqualTo(ping("c1"));
    }
}
