package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

class ShutdownTest {

    @Test
    void stopClosesEverySocketWith1001ThenStopsListening() throws Exception {
        TestServer server = TestServer.builder().start();
        try (TestWsClient proto = server.connectAnonymous(TestWsClient.PROTO);
             TestWsClient json = server.connectAnonymous(TestWsClient.JSON);
             TestWsClient notYetAuthenticated = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);

            HelloTest.assertEnding(proto, CloseCodes.GOING_AWAY, "server shutting down");
            HelloTest.assertEnding(json, CloseCodes.GOING_AWAY, "server shutting down");
            HelloTest.assertEnding(notYetAuthenticated, CloseCodes.GOING_AWAY, "server shutting down");
            stopping.get();
            assertThat(server.recording().nextDisconnected()).isNotNull();
            assertThat(server.recording().nextDisconnected()).isNotNull();
        }
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.http("/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }
}
