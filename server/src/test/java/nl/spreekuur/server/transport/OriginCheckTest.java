package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.testsupport.RawHttp;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

/** Issue 13: the Origin allowlist on /ws (exact match), and its off-switch. */
class OriginCheckTest {

    private static RawHttp.Response upgrade(TestServer server, String... extra) throws Exception {
        List<String> head = new ArrayList<>(List.of("GET /ws HTTP/1.1", "Host: 127.0.0.1:" + server.port(),
                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: spreekuur.v1.proto"));
        head.addAll(List.of(extra));
        return RawHttp.send(server.port(), head.toArray(String[]::new));
    }

    @Test
    void withAPublicUrlOnlyItsOriginAndTheListedOnesMayConnect() throws Exception {
        try (TestServer server = TestServer.builder().set("public-url", "https://chat.example.nl/")
                .set("ws.allowed-origins", "https://www.welzijn.nl, http://intranet.local:8081").start()) {
            assertThat(upgrade(server, "Origin: https://chat.example.nl").status()).isEqualTo(101);
            assertThat(upgrade(server, "Origin: https://CHAT.example.nl").status()).isEqualTo(101);
            assertThat(upgrade(server, "Origin: https://www.welzijn.nl").status()).isEqualTo(101);
            assertThat(upgrade(server, "Origin: http://intranet.local:8081").status()).isEqualTo(101);

            RawHttp.Response evil = upgrade(server, "Origin: https://evil.example");
            assertThat(evil.status()).isEqualTo(403);
            assertThat(evil.body()).isEqualTo("Spreekuur WebSocket: this Origin may not connect.\n");
            assertThat(upgrade(server, "Origin: https://chat.example.nl.evil.example").status()).isEqualTo(403);
            assertThat(upgrade(server, "Origin: http://chat.example.nl").status()).isEqualTo(403);
            assertThat(upgrade(server, "Origin: https://chat.example.nl:8443").status()).isEqualTo(403);
            assertThat(upgrade(server, "Origin: null").status()).isEqualTo(403);
            // the same origin as Host counts only while public-url is not set
            assertThat(upgrade(server, "Origin: http://127.0.0.1:" + server.port()).status()).isEqualTo(403);
            // native clients send no Origin: refused while the check is on
            assertThat(upgrade(server).status()).isEqualTo(403);
        }
    }

    @Test
    void withoutAPublicUrlTheSameOriginAndLocalhostMayConnect() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            assertThat(upgrade(server, "Origin: http://127.0.0.1:" + server.port()).status()).isEqualTo(101);
            assertThat(upgrade(server, "Origin: http://localhost:" + server.port()).status()).isEqualTo(101);
            assertThat(upgrade(server, "Origin: http://127.0.0.1:1").status()).isEqualTo(403);
            assertThat(upgrade(server, "Origin: https://evil.example").status()).isEqualTo(403);
            assertThatThrownBy(() -> TestWsClient.connectWithOrigin(server.wsUri(), "https://evil.example",
                    TestWsClient.PROTO)).hasStackTraceContaining("403");
        }
    }

    @Test
    void theOffSwitchLetsNativeClientsWithoutOriginConnect() throws Exception {
        try (TestServer server = TestServer.builder().set("ws.check-origin", "false").start()) {
            assertThat(upgrade(server).status()).isEqualTo(101);
            assertThat(upgrade(server, "Origin: https://anything.example").status()).isEqualTo(101);
            try (TestWsClient ws = TestWsClient.connectWithOrigin(server.wsUri(), null, TestWsClient.PROTO)) {
                ws.hello(server.anonymousToken(server.organisation("demo")).token());
            }
        }
    }
}
