package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

/** Rate limits per connection and per person over real sockets; the test clock stands still unless moved. */
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

    @Test
    void allConnectionsOfOnePersonTogetherHaveFourTimesTheConnectionLimit() throws Exception {
        try (TestServer server = TestServer.builder()
                .set("rate.burst", "3")
                .set("rate.messages-per-second", "1")
                .start()) {
            TestServer.Token sam = server.anonymousToken(server.organisation("demo"));
            List<TestWsClient> tabs = new ArrayList<>();
            try (TestWsClient other = server.connectAnonymous(TestWsClient.JSON)) {
                int pongs = 0;
                List<String> limited = new ArrayList<>();
                // each tab may send 2 (its Hello took 1 of 3); the person together 4 x 3 = 12
                for (int tab = 0; tab < 7; tab++) {
                    TestWsClient ws = TestWsClient.connect(server.wsUri(), tab % 2 == 0 ? TestWsClient.PROTO
                            : TestWsClient.JSON);
                    tabs.add(ws);
                    ws.hello(sam.token());
                    for (int i = 0; i < 2; i++) {
                        String id = "t" + tab + "-" + i;
                        ws.send(ping(id));
                        ServerMessage answer = ws.next();
                        assertThat(answer.getRequestId()).isEqualTo(id);
                        if (answer.hasPong()) {
                            pongs++;
                        } else {
                            assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                            assertThat(answer.getError().getMessage()).isEqualTo("too many requests; slow down");
                            limited.add(id);
                        }
                    }
                }
                assertThat(pongs).isEqualTo(12);
                assertThat(limited).containsExactly("t6-0", "t6-1");

                other.send(ping("someone-else"));
                assertThat(other.next().hasPong()).as("another person has their own count").isTrue();

                server.clock().advance(Duration.ofSeconds(1)); // one token back for the person (4 per second)
                TestWsClient first = tabs.get(0);
                first.send(ping("after-a-second"));
                assertThat(first.next().hasPong()).isTrue();
            } finally {
                for (TestWsClient tab : tabs) {
                    tab.close();
                }
            }
        }
    }
}
