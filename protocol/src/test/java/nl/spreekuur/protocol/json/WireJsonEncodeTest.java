package nl.spreekuur.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Test;

/**
 * Property tests: the fast printers write byte for byte what JsonFormat's compact printer writes.
 * Each case has its own seed (in the failure message).
 */
class WireJsonEncodeTest {
    private static final long SEED = 0x5eed_e4c0_de1L;
    private static final int CASES = 5_000;
    private static final JsonFormat.Printer JSON_FORMAT = JsonFormat.printer().omittingInsignificantWhitespace();

    @Test
    void hotServerMessagesPrintByteForByteAsJsonFormatPrintsThem() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            ServerMessage message = new RandomMessages(new Random(seed)).server(true);

            String fast = WireJson.fastEncodeServer(message);

            if (fast == null) {
                assertThat(hasTimestampBefore1970(message)).as("seed %d: fast path left %s", seed, message).isTrue();
            } else {
                assertSameBytes(seed, fast, message);
            }
            assertSameBytes(seed, WireJson.encodeServer(message), message);
        }
    }

    @Test
    void hotClientMessagesPrintByteForByteAsJsonFormatPrintsThem() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            ClientMessage message = new RandomMessages(new Random(seed)).client();

            String fast = WireJson.fastEncodeClient(message);

            assertThat(fast).as("seed %d", seed).isNotNull();
            assertSameBytes(seed, fast, message);
        }
    }

    @Test
    void anInvalidTimestampFailsAsInJsonFormat() {
        ServerMessage message = ServerMessage.newBuilder().setMessageAck(MessageAck.newBuilder()
                .setSentAt(Timestamp.newBuilder().setSeconds(1).setNanos(-1))).build();

        assertThat(WireJson.fastEncodeServer(message)).isNull();
        assertThat(Outcome.of(() -> toMessage(WireJson.encodeServer(message))))
                .isEqualTo(Outcome.of(() -> toMessage(JSON_FORMAT.print(message))));
    }

    private static void assertSameBytes(long seed, String fast, Message message) throws InvalidProtocolBufferException {
        String expected = JSON_FORMAT.print(message);
        assertThat(fast).as("seed %d", seed).isEqualTo(expected);
        assertThat(fast.getBytes(StandardCharsets.UTF_8)).as("seed %d", seed)
                .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasTimestampBefore1970(ServerMessage message) {
        return message.getMessageAck().getSentAt().getSeconds() < 0 || message.getEvent().getSentAt().getSeconds() < 0;
    }

    private static Message toMessage(String json) {
        return ServerMessage.newBuilder().setRequestId(json).build();
    }
}
