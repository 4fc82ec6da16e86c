package nl.spreekuur.server.transport;

import static nl.spreekuur.server.testsupport.EmbeddedFrames.inbound;
import static nl.spreekuur.server.testsupport.EmbeddedFrames.outbound;
import static nl.spreekuur.server.testsupport.EmbeddedFrames.sentJson;
import static nl.spreekuur.server.testsupport.EmbeddedFrames.sentProtobuf;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decoder and envelope stages on an {@link EmbeddedChannel}. */
class ClientFrameDecoderTest {
    private final ServerMetrics metrics = new ServerMetrics();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private EmbeddedChannel channel(WireEncoding encoding) {
        EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(metrics), new EnvelopeValidator());
        channel.attr(WsConnection.KEY).set(new WsConnection(channel, encoding, 100, 1 << 20, metrics,
                Duration.ofSeconds(3)));
        return channel;
    }

    @Test
    void binaryFrameDecodesToTheClientMessage() {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF);
        ClientMessage message = ClientMessage.newBuilder().setRequestId("7")
                .setSubscribe(Subscribe.newBuilder().setConversationId("c1").setSinceSeq(4)).build();
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message.toByteArray())));
        assertThat(inbound(channel)).isEqualTo(message);
        assertThat(outbound(channel)).isNull();
    }

    @Test
    void textFrameDecodesOnJsonIgnoringUnknownFields() {
        EmbeddedChannel channel = channel(WireEncoding.JSON);
        channel.writeInbound(new TextWebSocketFrame(
                "{\"requestId\":\"7\",\"subscribe\":{\"conversationId\":\"c1\",\"sinceSeq\":\"4\",\"future\":1}}"));
        ClientMessage decoded = channel.readInbound();
        assertThat(decoded.getSubscribe().getSinceSeq()).isEqualTo(4);
        assertThat(decoded.getRequestId()).isEqualTo("7");
    }

    @Test
    void jsonSendMessageDecodesFromDirectAndFromOffsetHeapBuffers() {
        String json = "{\"requestId\":\"7\",\"sendMessage\":{\"conversationId\":\"c1\",\"clientMsgId\":\"m1\","
                + "\"text\":\"h\\u00e9 \\ud83d\\ude00 \u00e9\"}}";
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        ClientMessage expected = ClientMessage.newBuilder().setRequestId("7").setSendMessage(SendMessage.newBuilder()
                .setConversationId("c1").setClientMsgId("m1").setText("h\u00e9 \ud83d\ude00 \u00e9")).build();
        EmbeddedChannel channel = channel(WireEncoding.JSON);

        ByteBuf direct = Unpooled.directBuffer().writeBytes(utf8);
        channel.writeInbound(new TextWebSocketFrame(direct));
        byte[] padded = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        ByteBuf slice = Unpooled.wrappedBuffer(padded).slice(2, utf8.length);
        channel.writeInbound(new TextWebSocketFrame(slice));

        assertThat(inbound(channel)).isEqualTo(expected);
        assertThat(inbound(channel)).isEqualTo(expected);
    }

    @Test
    void binaryFrameDecodesFromDirectOffsetHeapAndCompositeBuffers() {
        ClientMessage expected = ClientMessage.newBuilder().setRequestId("7").setSendMessage(SendMessage.newBuilder()
                .setConversationId("c1").setClientMsgId("m1").setText("h\u00e9 \ud83d\ude00 \u00e9")).build();
        byte[] bytes = expected.toByteArray();
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF);

        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.directBuffer().writeBytes(bytes)));
        byte[] padded = new byte[bytes.length + 4];
        System.arraycopy(bytes, 0, padded, 2, bytes.length);
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(padded).slice(2, bytes.length)));
        // what the frame aggregator makes of a fragmented message
        int half = bytes.length / 2;
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(
                Unpooled.directBuffer().writeBytes(bytes, 0, half),
                Unpooled.wrappedBuffer(bytes, half, bytes.length - half))));

        for (int i = 0; i < 3; i++) {
            assertThat(inbound(channel)).isEqualTo(expected);
        }
    }

    @Test
    void undecodableBinaryIsAnsweredMalformed() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF);
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80})));
        assertThat(inbound(channel)).isNull();
        ServerMessage error = sentProtobuf(channel);
        assertThat(error.getError().getCode()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(error.getRequestId()).isEmpty();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void undecodableJsonIsAnsweredMalformed() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.JSON);
        channel.writeInbound(new TextWebSocketFrame("{\"requestId\":"));
        assertThat(sentJson(channel).getError().getCode()).isEqualTo(ErrorCode.MALFORMED);
    }

    @Test
    void messageWithoutBodyIsAnsweredUnknownTypeWithItsRequestId() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF);
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(
                ClientMessage.newBuilder().setRequestId("r9").build().toByteArray())));
        ServerMessage error = sentProtobuf(channel);
        assertThat(error.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(error.getRequestId()).isEqualTo("r9");
        assertThat(error.getError().getRequestId()).isEqualTo("r9");
    }

    @Test
    void requestIdMustHaveOneTo64Characters() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.JSON);
        channel.writeInbound(new TextWebSocketFrame("{\"ping\":{}}"));
        assertThat(sentJson(channel).getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        channel.writeInbound(new TextWebSocketFrame("{\"requestId\":\"" + "a".repeat(65) + "\",\"ping\":{}}"));
        assertThat(sentJson(channel).getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        channel.writeInbound(new TextWebSocketFrame("{\"requestId\":\"" + "a".repeat(64) + "\",\"ping\":{}}"));
        assertThat(((ClientMessage) channel.readInbound()).hasPing()).isTrue();
    }

    @Test
    void textFrameOnProtobufClosesWith1003AfterSessionEnding() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF);
        channel.writeInbound(new TextWebSocketFrame("{}"));
        ServerMessage ending = sentProtobuf(channel);
        assertThat(ending.getSessionEnding().getCloseCode()).isEqualTo(CloseCodes.WRONG_FRAME_TYPE);
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(CloseCodes.WRONG_FRAME_TYPE);
        assertThat(close.reasonText()).isEqualTo("binary frames only on spreekuur.v1.proto");
        close.release();
        assertThat(inbound(channel)).isNull();
    }

    @Test
    void binaryFrameOnJsonClosesWith1003() throws Exception {
        EmbeddedChannel channel = channel(WireEncoding.JSON);
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ClientMessage.newBuilder()
                .setRequestId("1").setPing(Ping.getDefaultInstance()).build().toByteArray())));
        assertThat(sentJson(channel).getSessionEnding().getCloseCode()).isEqualTo(CloseCodes.WRONG_FRAME_TYPE);
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(CloseCodes.WRONG_FRAME_TYPE);
        close.release();
    }
}
