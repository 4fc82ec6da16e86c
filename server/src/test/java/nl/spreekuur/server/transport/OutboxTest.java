package nl.spreekuur.server.transport;

import static nl.spreekuur.server.testsupport.EmbeddedFrames.outbound;
import static nl.spreekuur.server.testsupport.EmbeddedFrames.sentProtobuf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.Pong;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.EncodedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bounded outbox on an {@link EmbeddedChannel}, whose writability the test controls. */
class OutboxTest {
    private final ServerMetrics metrics = new ServerMetrics();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private EmbeddedChannel channel(WireEncoding encoding, int maxMessages, long maxBytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new WsConnectionHandler(ServerConfig.defaults(), metrics,
                Duration.ofSeconds(3)));
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.attr(WsConnection.KEY).set(new WsConnection(channel, encoding, maxMessages, maxBytes, metrics,
                Duration.ofSeconds(3)));
        return channel;
    }

    /** Makes the channel unwritable: bytes written but not flushed exceed the high water mark. */
    private static void block(EmbeddedChannel channel) {
        channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(channel.isWritable()).isFalse();
    }

    private static ServerMessage pong(String id) {
        return ServerMessage.newBuilder().setRequestId(id).setPong(Pong.getDefaultInstance()).build();
    }

    @Test
    void writesInOrderSharingTheEncodedBytes() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF, 10, 1 << 20);
        WsConnection connection = WsConnection.of(channel);
        EncodedMessage shared = EncodedMessage.of(pong("1"));
        connection.send(shared);
        connection.send(pong("2"));
        BinaryWebSocketFrame first = channel.readOutbound();
        assertThat(first.content().array()).isSameAs(shared.protobuf()); // wrapped, not copied
        first.release();
        assertThat(sentProtobuf(channel)).isEqualTo(pong("2"));
    }

    @Test
    void jsonConnectionsGetTextFrames() {
        EmbeddedChannel channel = channel(WireEncoding.JSON, 10, 1 << 20);
        WsConnection.of(channel).send(pong("j"));
        TextWebSocketFrame frame = channel.readOutbound();
        assertThat(frame.text()).isEqualTo("{\"requestId\":\"j\",\"pong\":{}}");
        frame.release();
    }

    @Test
    void holdsMessagesWhileUnwritableAndWritesThemWhenWritableAgain() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF, 10, 1 << 20);
        WsConnection connection = WsConnection.of(channel);
        block(channel);
        connection.send(pong("a"));
        connection.send(pong("b"));
        assertThat(connection.outbox().pendingMessages()).isEqualTo(2);
        channel.flush(); // the peer read: writable again, the outbox drains
        channel.readOutbound(); // the blocking bytes
        assertThat(sentProtobuf(channel)).isEqualTo(pong("a"));
        assertThat(sentProtobuf(channel)).isEqualTo(pong("b"));
        assertThat(connection.outbox().pendingMessages()).isZero();
        assertThat(connection.outbox().pendingBytes()).isZero();
    }

    /**
     * A burst queued while unwritable goes out completely once the channel drains, in order, however often the
     * channel turns unwritable and writable again on the way. (On a real socket the outbox's own flush can make
     * the channel writable while it drains; that case is what made the kill test's replays stall, and that test
     * covers it.)
     */
    @Test
    void keepsDrainingWhenItsOwnFlushMakesTheChannelWritableAgain() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF, 100, 1 << 20);
        WsConnection connection = WsConnection.of(channel);
        block(channel);
        for (int i = 0; i < 20; i++) {
            connection.send(pong("burst-" + i));
        }
        channel.flush(); // writable again: the outbox writes a few, flushes, is writable again, writes more...
        channel.readOutbound(); // the blocking bytes
        for (int i = 0; i < 20; i++) {
            assertThat(sentProtobuf(channel)).isEqualTo(pong("burst-" + i));
        }
        assertThat(connection.outbox().pendingMessages()).isZero();
    }

    @Test
    void passingTheMessageBoundClosesWith4001AndDropsTheBacklog() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF, 3, 1 << 20);
        WsConnection connection = WsConnection.of(channel);
        block(channel);
        for (int i = 0; i < 4; i++) {
            connection.send(pong("m" + i));
        }
        assertThat(connection.isOpen()).isFalse();
        assertThat(connection.send(pong("late"))).isFalse();
        channel.flush();
        channel.readOutbound(); // the blocking bytes
        ServerMessage ending = sentProtobuf(channel);
        assertThat(ending.getSessionEnding().getCloseCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
        assertThat(close.reasonText()).isEqualTo("slow consumer");
        close.release();
        assertThat(outbound(channel)).isNull();
        assertThat(metrics.slowConsumerDisconnects()).isEqualTo(1);
        // the overflowing message, the three queued ones and the late one
        assertThat(metrics.registry().get("spreekuur.outbox.dropped").counter().count()).isEqualTo(5);
    }

    @Test
    void passingTheByteBoundClosesWith4001() throws Exception {
        EncodedMessage big = EncodedMessage.of(ServerMessage.newBuilder().setRequestId("x".repeat(40))
                .setAck(Ack.getDefaultInstance()).build());
        int size = big.protobuf().length;
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF, 1000, 2L * size);
        WsConnection connection = WsConnection.of(channel);
        block(channel);
        assertThat(connection.send(big)).isTrue();
        assertThat(connection.send(big)).isTrue();
        assertThat(connection.send(big)).isFalse();
        assertThat(connection.isOpen()).isFalse();
        assertThat(metrics.slowConsumerDisconnects()).isEqualTo(1);
    }

    @Test
    void closeGoesOutAfterWhatWasQueuedBeforeIt() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF, 10, 1 << 20);
        WsConnection connection = WsConnection.of(channel);
        block(channel);
        connection.send(pong("reply"));
        connection.close(CloseCodes.POLICY_VIOLATION, "session revoked");
        channel.flush();
        channel.readOutbound();
        assertThat(sentProtobuf(channel)).isEqualTo(pong("reply"));
        assertThat(sentProtobuf(channel).getSessionEnding().getReason()).isEqualTo("session revoked");
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        close.release();
    }

    @Test
    void closeTimeoutClosesTheSocketWhenThePeerNeverAnswers() {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF, 10, 1 << 20);
        WsConnection.of(channel).close(CloseCodes.SERVICE_RESTART, "service restart");
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(3, java.util.concurrent.TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }
}
