package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.NonReadingWsClient;
import nl.spreekuur.server.testsupport.RawHttp;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The graceful stop is a drain: not ready at once, no new sockets, 1012 to every socket, then the port closes. */
class ShutdownTest {

    @Test
    void stopClosesEverySocketWith1012ThenStopsListening() throws Exception {
        TestServer server = TestServer.builder().start();
        try (TestWsClient proto = server.connectAnonymous(TestWsClient.PROTO);
             TestWsClient json = server.connectAnonymous(TestWsClient.JSON);
             TestWsClient notYetAuthenticated = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);

            HelloTest.assertEnding(proto, CloseCodes.SERVICE_RESTART, "service restart");
            HelloTest.assertEnding(json, CloseCodes.SERVICE_RESTART, "service restart");
            HelloTest.assertEnding(notYetAuthenticated, CloseCodes.SERVICE_RESTART, "service restart");
            stopping.get();
            assertThat(server.recording().nextDisconnected()).isNotNull();
            assertThat(server.recording().nextDisconnected()).isNotNull();
        }
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.http("/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    /**
     * A client that never answers the close keeps the drain waiting for shutdown.grace-seconds; meanwhile the node
     * still answers HTTP, says it is not ready, and refuses new WebSocket upgrades with 503 and Retry-After.
     */
    @Test
    void whileDrainingReadyzIsNotReadyAndNewSocketsAreRefused() throws Exception {
        TestServer server = TestServer.builder().set("shutdown.grace-seconds", "5").start();
        assertThat(RawHttp.send(server.port(), "GET /readyz HTTP/1.1", "Host: 127.0.0.1").status()).isEqualTo(200);
        try (NonReadingWsClient stubborn = NonReadingWsClient.connect(server.port(),
                server.anonymousToken(server.organisation("demo")).token())) {
            Awaitility.await().until(() -> server.context().localSessions().size() == 1); // its Hello is through
            int port = server.port(); // (the server's accessors wait while it stops)
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);

            Awaitility.await().atMost(Duration.ofSeconds(4)).until(() -> {
                RawHttp.Response ready = RawHttp.send(port, "GET /readyz HTTP/1.1", "Host: 127.0.0.1");
                return ready.status() == 503 && ready.body().equals("not ready: draining");
            });
            RawHttp.Response upgrade = RawHttp.send(port, "GET /ws HTTP/1.1",
                    "Host: 127.0.0.1:" + port, "Origin: http://127.0.0.1:" + port,
                    "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: " + TestWsClient.PROTO);
            assertThat(upgrade.status()).isEqualTo(503);
            assertThat(upgrade.header("Retry-After")).isEqualTo("1");
            assertThat(stopping).isNotDone();
            stopping.get();
        }
    }
}
