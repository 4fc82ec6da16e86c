package nl.spreekuur.server.transport;

import static nl.spreekuur.server.testsupport.EmbeddedFrames.outbound;
import static nl.spreekuur.server.testsupport.EmbeddedFrames.sentProtobuf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Duration;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The closing handshake sends exactly one close frame per connection: the client's answer to ours only ends the
 * socket, and a close the client starts is echoed once.
 */
class CloseFrameHandlerTest {
    private final ServerMetrics metrics = new ServerMetrics();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel(new CloseFrameHandler(),
                new WsConnectionHandler(ServerConfig.defaults(), metrics, Duration.ofSeconds(3)));
        channel.attr(WsConnection.KEY).set(new WsConnection(channel, WireEncoding.PROTOBUF, 10, 1 << 20, metrics,
                Duration.ofSeconds(3)));
        return channel;
    }

    @Test
    void theClientsAnswerToOurCloseIsNotAnsweredAgain() throws Exception {
        EmbeddedChannel channel = channel();
        WsConnection.of(channel).close(CloseCodes.POLICY_VIOLATION, "removed");
        assertThat(sentProtobuf(channel).getSessionEnding().getCloseCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        CloseWebSocketFrame ours = channel.readOutbound();
        assertThat(ours.statusCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        ours.release();

        channel.writeInbound(new CloseWebSocketFrame(CloseCodes.POLICY_VIOLATION, "removed"));
        channel.runPendingTasks();

        assertThat(outbound(channel)).as("no second close frame").isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aCloseTheClientStartsIsEchoedOnceWithItsCode() {
        EmbeddedChannel channel = channel();
        WsConnection connection = WsConnection.of(channel);
        channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
        channel.runPendingTasks();

        CloseWebSocketFrame echo = channel.readOutbound();
        assertThat(echo.statusCode()).isEqualTo(1000);
        echo.release();
        assertThat(outbound(channel)).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aCloseWithoutCodeIsEchoedWithoutCode() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(new CloseWebSocketFrame(true, 0));
        channel.runPendingTasks();

        CloseWebSocketFrame echo = channel.readOutbound();
        assertThat(echo.content().readableBytes()).isZero();
        echo.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aCloseWhileMessagesWaitDropsThemAndSendsOnlyTheEcho() {
        EmbeddedChannel channel = channel();
        WsConnection connection = WsConnection.of(channel);
        channel.writeInbound(new CloseWebSocketFrame(1001, "going away"));
        channel.runPendingTasks();
        assertThat(connection.send(ServerMessage.getDefaultInstance())).isFalse();
        connection.close(CloseCodes.SERVICE_RESTART, "service restart");
        channel.runPendingTasks();

        CloseWebSocketFrame echo = channel.readOutbound();
        assertThat(echo.statusCode()).isEqualTo(1001);
        echo.release();
        assertThat(outbound(channel)).as("nothing after the echo").isNull();
    }
}
