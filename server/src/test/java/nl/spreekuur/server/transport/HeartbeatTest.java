package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void silentConnectionIsClosedWith4002() throws Exception {
        // pings far apart, so nothing (not even a pong) arrives within the idle timeout
        try (TestServer server = TestServer.builder()
                .set("ws.heartbeat-seconds", "60")
                .set("ws.idle-timeout-seconds", "0.5")
                .start();
             TestWsClient ws = server.connectAnonymous(TestWsClient.PROTO)) {
            HelloTest.assertEnding(ws, CloseCodes.IDLE_TIMEOUT, "idle timeout");
        }
    }

    @Test
    void pongsToServerPingsKeepAQuietConnectionOpen() throws Exception {
        try (TestServer server = TestServer.builder()
                .set("ws.heartbeat-seconds", "0.1")
                .set("ws.idle-timeout-seconds", "0.6")
                .start();
             TestWsClient ws = server.connectAnonymous(TestWsClient.JSON)) {
            // several idle timeouts pass while the client only answers pings
            await().during(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(5)).until(() -> !ws.isClosed());
            assertThat(ws.pingsReceived()).isGreaterThanOrEqualTo(5);
        }
    }
}
