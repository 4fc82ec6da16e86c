package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.testsupport.EmbeddedFrames;
import org.junit.jupiter.api.AfterAll;

/**
 * Any frame, on either encoding, either decodes to a request passed on or is answered with one of the transport's
 * documented errors; nothing else escapes the decoder and envelope stages (no exception, no StackOverflowError).
 * The seed corpus under {@code ClientFrameDecoderFuzzTestInputs/} replays in every test run; see docs/security.md
 * for a fuzzing campaign.
 */
class ClientFrameDecoderFuzzTest {
    private static final Set<ErrorCode> TRANSPORT_ERRORS =
            EnumSet.of(ErrorCode.MALFORMED, ErrorCode.UNKNOWN_TYPE, ErrorCode.INVALID_ARGUMENT);
    private static final ServerMetrics METRICS = new ServerMetrics();

    @AfterAll
    static void closeMetrics() {
        METRICS.close();
    }

    @FuzzTest(maxDuration = "30s")
    void protobufFrames(byte[] frame) throws InvalidProtocolBufferException {
        EmbeddedChannel channel = channel(WireEncoding.PROTOBUF);
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
        Object passed = channel.readInbound();
        if (passed == null) {
            assertThat(EmbeddedFrames.sentProtobuf(channel).getError().getCode()).isIn(TRANSPORT_ERRORS);
        } else {
            assertDecoded(passed);
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @FuzzTest(maxDuration = "30s")
    void jsonFrames(byte[] frame) throws InvalidProtocolBufferException {
        EmbeddedChannel channel = channel(WireEncoding.JSON);
        channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
        Object passed = channel.readInbound();
        if (passed == null) {
            assertThat(EmbeddedFrames.sentJson(channel).getError().getCode()).isIn(TRANSPORT_ERRORS);
        } else {
            assertDecoded(passed);
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private static void assertDecoded(Object passed) {
        assertThat(passed).isInstanceOf(ClientMessage.class);
        ClientMessage message = (ClientMessage) passed;
        assertThat(message.getBodyCase()).isNotEqualTo(ClientMessage.BodyCase.BODY_NOT_SET);
        assertThat(message.getRequestId()).isNotEmpty();
    }

    private static EmbeddedChannel channel(WireEncoding encoding) {
        EmbeddedChannel channel = new EmbeddedChannel(new ClientFrameDecoder(METRICS), new EnvelopeValidator());
        channel.attr(WsConnection.KEY).set(new WsConnection(channel, encoding, 100, 1 << 20, METRICS,
                Duration.ofSeconds(3)));
        return channel;
    }

}
