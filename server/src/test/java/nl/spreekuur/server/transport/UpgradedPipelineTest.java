package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.testsupport.RawHttp;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An upgraded socket carries only the WebSocket stages; plain HTTP on other sockets is served as before. */
class UpgradedPipelineTest {
    @AutoClose
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().start();
    }

    @Test
    void theHttpStagesAreGoneAfterTheUpgradeAndTheSocketStillWorks() throws Exception {
        TestServer.Token token = server.anonymousToken(server.organisation("demo"));
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            ws.hello(token.token());
            List<String> names = pipelineOf(token.principalId()).names();

            assertThat(names).doesNotContain("address-limit", "request-bytes", "http-codec", "request-deadline", "security-headers",
                    "http-aggregator", "ws-upgrade", "ws-origin", "ws-subprotocol", "http-router");
            assertThat(pipelineOf(token.principalId()).toMap().values()).as("no LoggingHandler (it logs client IPs)")
                    .noneMatch(h -> h instanceof io.netty.handler.logging.LoggingHandler);
            assertThat(names).containsSubsequence("idle", "control-frames", "ws-protocol", "ws-close", "ws-aggregator", "ws-connection",
                    "heartbeat", "frame-decoder", "rate-limit", "envelope", "app");

            ws.send(ClientMessage.newBuilder().setRequestId("p").setPing(Ping.getDefaultInstance()).build());
            assertThat(ws.next().hasPong()).isTrue();
        }
    }

    @Test
    void theUpgradeAnswerStillCarriesTheSecurityHeaders() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(String.join("\r\n", "GET /ws HTTP/1.1", "Host: 127.0.0.1",
                    "Origin: http://127.0.0.1", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: " + TestWsClient.PROTO, "", "")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101").contains("X-Frame-Options: DENY")
                    .contains("Content-Security-Policy: default-src 'self'");
        }
    }

    @Test
    void plainHttpIsServedOnOtherSocketsAfterAnUpgrade() throws Exception {
        try (TestWsClient ws = server.connectAnonymous(TestWsClient.JSON)) {
            RawHttp.Response response = RawHttp.send(server.port(), "GET /healthz HTTP/1.1", "Host: 127.0.0.1",
                    "Connection: close");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(ws.isClosed()).isFalse();
        }
    }

    private static io.netty.channel.ChannelPipeline pipelineOf(String principalId) {
        ClientSession session = server.context().localSessions().ofPrincipal(principalId).iterator().next();
        return ((ChannelClientSession) session).connection().channel().pipeline();
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
