package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.RawHttp;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {
    @AutoClose
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().start();
    }

    @BothEncodings
    void acceptsEachSubprotocol(String subprotocol) throws Exception {
        String token = server.anonymousToken(server.organisation("demo")).token();
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), subprotocol)) {
            assertThat(ws.subprotocol()).isEqualTo(subprotocol);
            assertThat(ws.hello(token).getPrincipalId()).isNotEmpty();
            assertThat(ws.violations()).isEmpty();
        }
    }

    @Test
    void picksTheFirstOfferedKnownSubprotocol() throws Exception {
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), "chat.v9", TestWsClient.JSON,
                TestWsClient.PROTO)) {
            assertThat(ws.subprotocol()).isEqualTo(TestWsClient.JSON);
        }
    }

    @Test
    void refusesAnUpgradeWithoutSubprotocolWith400AndAnExplanation() throws Exception {
        RawHttp.Response response = upgrade();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        assertThat(response.body()).contains("spreekuur.v1.proto").contains("spreekuur.v1.json");
    }

    @Test
    void refusesAnUpgradeOfferingOnlyUnknownSubprotocols() throws Exception {
        RawHttp.Response response = upgrade("Sec-WebSocket-Protocol: mqtt, spreekuur.v2.proto");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Sec-WebSocket-Protocol");
    }

    @Test
    void refusesAPlainGetOnTheWebSocketPath() throws Exception {
        RawHttp.Response response = RawHttp.send(server.port(), "GET /ws HTTP/1.1", "Host: 127.0.0.1");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("WebSocket");
    }

    @Test
    void jettyClientWithoutSubprotocolIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestWsClient.connect(server.wsUri()))
                .hasStackTraceContaining("400");
    }

    /** A hand-written WebSocket upgrade of /ws: the headers every upgrade has, then the given ones. */
    private static RawHttp.Response upgrade(String... extraHeaders) throws Exception {
        List<String> head = new ArrayList<>(List.of(
                "GET /ws HTTP/1.1",
                "Host: 127.0.0.1",
                "Origin: http://127.0.0.1",
                "Upgrade: websocket",
                "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version: 13"));
        head.addAll(List.of(extraHeaders));
        return RawHttp.send(server.port(), head.toArray(String[]::new));
    }
}
