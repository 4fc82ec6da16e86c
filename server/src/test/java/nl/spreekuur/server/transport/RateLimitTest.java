package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

/** Rate limits per connection over real sockets; the test clock stands still unless moved. */
class RateLimitTest {

    private static ClientMessage ping(String id) {
        return ClientMessage.newBuilder().setRequestId(id).setPing(Ping.getDefaultInstance()).build();
    }

    @Test
    void overTheLimitIsRateLimitedThenFloodingCloses4003AndOthersAreUnaffected() throws Exception {
        try (TestServer server = TestServer.builder()
                .set("rate.burst", "5")
                .set("rate.messages-per-second", "1")
                .start();
             TestWsClient greedy = server.connectAnonymous(TestWsClient.PROTO); // its Hello is 1 of 5
             TestWsClient calm = server.connectAnonymous(TestWsClient.JSON)) {
            for (int i = 0; i < 4; i++) {
                greedy.send(ping("ok-" + i));
                assertThat(greedy.next().hasPong()).isTrue();
            }
            greedy.send(ping("too-many"));
            ServerMessage limited = greedy.next();
            assertThat(limited.getRequestId()).isEqualTo("too-many");
            assertThat(limited.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);

            calm.send(ping("calm"));
            assertThat(calm.next().hasPong()).isTrue();

            server.clock().advance(Duration.ofSeconds(1)); // one token back
            greedy.send(ping("after-a-second"));
            assertThat(greedy.next().hasPong()).isTrue();

            // keeps sending regardless: 2 x burst rejections are answered, the next one closes
            for (int i = 0; i < 11; i++) {
                greedy.send(ping("flood-" + i));
            }
            for (int i = 0; i < 10; i++) {
                ServerMessage answer = greedy.next();
                assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(answer.getRequestId()).isEqualTo("flood-" + i);
            }
            HelloTest.assertEnding(greedy, CloseCodes.FLOODING, "flooding");

            calm.send(ping("still-calm"));
            assertThat(calm.next().getRequestId()).isEqualTo("still-calm");
        }
    }
}
