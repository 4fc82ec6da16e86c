package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.NonReadingWsClient;
import nl.spreekuur.server.testsupport.RawHttp;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

/** Issue 13: connection limits over real sockets. */
class ConnectionLimitsTest {
    private static final String UPGRADE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: spreekuur.v1.proto\r\n";

    /** True when the server closed the socket (read gives EOF or a reset) within the timeout. */
    private static boolean closedByServer(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static String readHead(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void connectionsPerAddressAreCapped() throws Exception {
        try (TestServer server = TestServer.builder().set("limits.connections-per-address", "3").start()) {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(new Socket("127.0.0.1", server.port()));
                }
                // The three are counted before the fourth comes: the event loops take connections in parallel, so
                // otherwise the fourth could be counted before one of them and the limit would close that one.
                for (Socket socket : open) {
                    assertThat(closedByServer(socket, Duration.ofMillis(300))).isFalse();
                }
                try (Socket fourth = new Socket("127.0.0.1", server.port())) {
                    assertThat(closedByServer(fourth, Duration.ofSeconds(5))).isTrue();
                }
                assertThat(closedByServer(open.get(0), Duration.ofMillis(200))).isFalse();
                open.remove(0).close();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        RawHttp.send(server.port(), "GET /healthz HTTP/1.1", "Host: 127.0.0.1").status())
                        .isEqualTo(200));
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anIncompleteRequestHeadIsClosedAfterTheDeadline() throws Exception {
        try (TestServer server = TestServer.builder().set("http.request-timeout-seconds", "0.5").start();
             Socket slow = new Socket("127.0.0.1", server.port());
             Socket idle = new Socket("127.0.0.1", server.port())) {
            write(slow, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
            String head = readHead(slow);
            assertThat(head).startsWith("HTTP/1.1 408");
            assertThat(closedByServer(slow, Duration.ofSeconds(5))).isTrue();
            // an idle connection (nothing of a request sent) is closed without an answer
            assertThat(readHead(idle)).isEmpty();
            // a prompt request is answered, and the connection is kept for the next one (deadline restarted)
            try (Socket prompt = new Socket("127.0.0.1", server.port())) {
                write(prompt, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(readHead(prompt)).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aWebSocketIsNotClosedByTheRequestDeadline() throws Exception {
        try (TestServer server = TestServer.builder().set("http.request-timeout-seconds", "0.3").start();
             TestWsClient ws = server.connectAnonymous(TestWsClient.PROTO)) {
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !ws.isClosed());
        }
    }

    @Test
    void socketsPerTokenAreCappedWith4004() throws Exception {
        try (TestServer server = TestServer.builder().set("limits.sockets-per-token", "2").start()) {
            String token = server.anonymousToken(server.organisation("demo")).token();
            try (TestWsClient one = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO);
                 TestWsClient two = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO);
                 TestWsClient three = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
                one.hello(token);
                two.hello(token);
                three.send(nl.spreekuur.protocol.v1.ClientMessage.newBuilder().setRequestId("h")
                        .setHello(nl.spreekuur.protocol.v1.Hello.newBuilder().setToken(token)).build());
                assertThat(three.awaitClose()).isEqualTo(new TestWsClient.CloseStatus(
                        CloseCodes.TOO_MANY_CONNECTIONS, "too many connections"));
                one.close();
                await().atMost(Duration.ofSeconds(5)).until(() -> server.context().localSessions().size() == 1);
                try (TestWsClient four = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
                    four.hello(token);
                }
            }
        }
    }

    @Test
    void socketsAwaitingHelloAreCappedWith503() throws Exception {
        try (TestServer server = TestServer.builder().set("limits.sockets-awaiting-hello", "2").start();
             TestWsClient one = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO);
             TestWsClient two = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO);
             Socket third = new Socket("127.0.0.1", server.port())) {
            write(third, UPGRADE + "\r\n");
            String head = readHead(third);
            assertThat(head).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 5");
            one.hello(server.anonymousToken(server.organisation("demo")).token());
            try (TestWsClient four = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
                assertThat(four.subprotocol()).isEqualTo(TestWsClient.PROTO);
            }
        }
    }

    @Test
    void unsoundUpgradesAreRefusedWith400() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            String[] common = {"Upgrade: websocket", "Connection: Upgrade",
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
                    "Sec-WebSocket-Protocol: spreekuur.v1.proto"};
            List<String> http10 = new ArrayList<>(List.of("GET /ws HTTP/1.0", "Host: 127.0.0.1"));
            http10.addAll(List.of(common));
            assertThat(RawHttp.send(server.port(), http10.toArray(String[]::new)).status()).isEqualTo(400);

            List<String> noHost = new ArrayList<>(List.of("GET /ws HTTP/1.1"));
            noHost.addAll(List.of(common));
            assertThat(RawHttp.send(server.port(), noHost.toArray(String[]::new)).status()).isEqualTo(400);

            List<String> cutOff = new ArrayList<>(List.of("GET /ws HTTP/1.1", "Host: 127.0.0.1"));
            cutOff.addAll(List.of(common));
            cutOff.add("X-Padding: " + "a".repeat(9000));
            RawHttp.Response refused = RawHttp.send(server.port(), cutOff.toArray(String[]::new));
            assertThat(refused.status()).isNotEqualTo(101).isBetween(400, 499);
        }
    }

    @Test
    void pingsCountAgainstTheRateLimitAndAFloodIsClosed() throws Exception {
        try (TestServer server = TestServer.builder().set("rate.burst", "20")
                .set("rate.messages-per-second", "5").start();
             NonReadingWsClient client = NonReadingWsClient.connect(server.port(),
                     server.anonymousToken(server.organisation("demo")).token())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    client.writePings(1000);
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
            assertThat(client.written()).isLessThan(10_000_000L);
        }
    }
}
