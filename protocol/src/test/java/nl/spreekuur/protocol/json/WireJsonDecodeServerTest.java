package nl.spreekuur.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.Random;
import nl.spreekuur.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Test;

/**
 * Property tests for the load-test client's side: the fast server-message decode gives exactly what JsonFormat gives.
 * Each case has its own seed (in the failure message).
 */
class WireJsonDecodeServerTest {
    private static final long SEED = 0x5eed_5e4e_1L;
    private static final int CASES = 1_500;
    private static final JsonFormat.Parser JSON_FORMAT = JsonFormat.parser().ignoringUnknownFields();
    private static final List<JsonFormat.Printer> PRINTERS = List.of(
            JsonFormat.printer(),
            JsonFormat.printer().omittingInsignificantWhitespace(),
            JsonFormat.printer().preservingProtoFieldNames(),
            JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace(),
            JsonFormat.printer().printingEnumsAsInts());

    @Test
    void jsonFormatsOwnOutputInEveryPrinterStyleIsDecodedByTheFastPathAlike() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            ServerMessage message = new RandomMessages(random).server(true);
            String json = PRINTERS.get(random.nextInt(PRINTERS.size())).print(message);

            ServerMessage fast = WireJson.fastDecodeServer(json);

            if (hasTimestampBefore1970(message)) {
                assertThat(fast).as("seed %d: left to JsonFormat: %s", seed, json).isNull();
            } else {
                assertThat(fast).as("seed %d: %s", seed, json).isNotNull().isEqualTo(jsonFormat(json));
            }
        }
    }

    @Test
    void everySpellingDecodesAsJsonFormatDecodesIt() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            ServerMessage message = new RandomMessages(random).server(false);
            boolean quirks = random.nextBoolean();
            String json = new JsonVariants(random, quirks).write(message);

            assertThat(Outcome.of(() -> WireJson.decodeServer(json))).as("seed %d: %s", seed, json)
                    .isEqualTo(Outcome.of(() -> jsonFormat(json)));
            if (!quirks && message.getEvent().hasText() == message.hasEvent() && !hasTimestampBefore1970(message)) {
                assertThat(WireJson.fastDecodeServer(json)).as("seed %d: fast path taken for %s", seed, json)
                        .isNotNull();
            }
        }
    }

    @Test
    void damagedInputDecodesAsJsonFormatDecodesItOrIsRejectedLikeIt() {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            String json = Mutations.mutate(
                    new JsonVariants(random, random.nextBoolean()).write(new RandomMessages(random).server(false)), random);

            assertThat(Outcome.of(() -> WireJson.decodeServer(json))).as("seed %d: %s", seed, json)
                    .isEqualTo(Outcome.of(() -> jsonFormat(json)));
        }
    }

    private static boolean hasTimestampBefore1970(ServerMessage message) {
        return message.getMessageAck().getSentAt().getSeconds() < 0 || message.getEvent().getSentAt().getSeconds() < 0;
    }

    private static ServerMessage jsonFormat(String json) throws InvalidProtocolBufferException {
        ServerMessage.Builder builder = ServerMessage.newBuilder();
        JSON_FORMAT.merge(json, builder);
        return builder.build();
    }
}
