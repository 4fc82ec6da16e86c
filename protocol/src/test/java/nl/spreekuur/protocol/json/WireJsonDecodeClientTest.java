package nl.spreekuur.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import nl.spreekuur.protocol.v1.ClientMessage;
import org.junit.jupiter.api.Test;

/**
 * Property tests: the fast client decode gives exactly what JsonFormat gives, for every spelling of the hot requests
 * JsonFormat accepts, and for damaged input either the same message or, like JsonFormat, a rejection.
 * Each case has its own seed (in the failure message) so a failure can be replayed alone.
 */
class WireJsonDecodeClientTest {
    private static final long SEED = 0x5eed_c0dec_1L;
    private static final int CASES = 1_500;
    private static final JsonFormat.Parser JSON_FORMAT = JsonFormat.parser().ignoringUnknownFields();
    private static final List<JsonFormat.Printer> PRINTERS = List.of(
            JsonFormat.printer(),
            JsonFormat.printer().omittingInsignificantWhitespace(),
            JsonFormat.printer().preservingProtoFieldNames(),
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence(),
            JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace(),
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().preservingProtoFieldNames().printingEnumsAsInts());

    @Test
    void jsonFormatsOwnOutputInEveryPrinterStyleIsDecodedByTheFastPathAlike() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            ClientMessage message = new RandomMessages(random).client();
            String json = PRINTERS.get(random.nextInt(PRINTERS.size())).print(message);
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);

            ClientMessage fast = WireJson.fastDecodeClient(utf8, 0, utf8.length);

            assertThat(fast).as("seed %d: %s", seed, json).isNotNull().isEqualTo(jsonFormat(utf8));
        }
    }

    @Test
    void everyPlainSpellingIsDecodedByTheFastPathAsJsonFormatDecodesIt() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            String json = new JsonVariants(random, false).write(new RandomMessages(random).client());
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);

            ClientMessage fast = WireJson.fastDecodeClient(utf8, 0, utf8.length);

            assertThat(fast).as("seed %d: %s", seed, json).isNotNull().isEqualTo(jsonFormat(utf8));
        }
    }

    @Test
    void quirkySpellingsDecodeAsJsonFormatDecodesThem() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            String json = new JsonVariants(random, true).write(new RandomMessages(random).client());

            assertSameOutcome(seed, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void damagedInputDecodesAsJsonFormatDecodesItOrIsRejectedLikeIt() {
        for (int i = 0; i < CASES * 2; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            String json = new JsonVariants(random, random.nextBoolean()).write(new RandomMessages(random).client());
            byte[] utf8 = random.nextInt(4) == 0
                    ? Mutations.mutateBytes(json.getBytes(StandardCharsets.UTF_8), random)
                    : Mutations.mutate(json, random).getBytes(StandardCharsets.UTF_8);

            assertSameOutcome(seed, utf8);
        }
    }

    @Test
    void decodesFromTheMiddleOfABuffer() throws Exception {
        byte[] frame = "xx{\"requestId\":\"r1\",\"ping\":{}}yy".getBytes(StandardCharsets.UTF_8);

        ClientMessage message = WireJson.decodeClient(frame, 2, frame.length - 4);

        assertThat(message.getRequestId()).isEqualTo("r1");
        assertThat(message.hasPing()).isTrue();
    }

    private static void assertSameOutcome(long seed, byte[] utf8) {
        Outcome expected = Outcome.of(() -> jsonFormat(utf8));
        Outcome actual = Outcome.of(() -> WireJson.decodeClient(utf8, 0, utf8.length));
        assertThat(actual).as("seed %d: %s", seed, new String(utf8, StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    /** What the server did before the fast path: Netty's frame.text() (a UTF-8 decode) into JsonFormat. */
    private static ClientMessage jsonFormat(byte[] utf8) throws InvalidProtocolBufferException {
        ClientMessage.Builder builder = ClientMessage.newBuilder();
        JSON_FORMAT.merge(new String(utf8, StandardCharsets.UTF_8), builder);
        return builder.build();
    }
}
