package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import nl.spreekuur.server.testsupport.TestCertificates;
import nl.spreekuur.server.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS served from PEM files, HSTS on them, and a renewed certificate picked up without a restart. */
class TlsTest {
    @TempDir
    static Path dir;
    static TestCertificates.Pair installed;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        installed = TestCertificates.create(dir, "spreekuur-test-1");
        server = TestServer.builder()
                .set("tls.cert-file", installed.cert().toString())
                .set("tls.key-file", installed.key().toString())
                .set("tls.reload-seconds", "0.2")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI https(String path) {
        return URI.create("https://localhost:" + server.port() + path);
    }

    @Test
    void servesHttpsWithStrictTransportSecurity() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(installed.trustingIt()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(https("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
        assertThat(server.server().publicUrl()).startsWith("https://localhost:");
    }

    @Test
    void aWebSocketOverTlsSaysHello() throws Exception {
        String token = server.anonymousToken(server.organisation("tls")).token();
        HttpClient client = HttpClient.newBuilder().sslContext(installed.trustingIt()).build();
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().subprotocols("spreekuur.v1.json")
                .header("Origin", "https://localhost:" + server.port())
                .buildAsync(URI.create("wss://localhost:" + server.port() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"requestId\":\"1\",\"hello\":{\"token\":\"" + token + "\"}}", true);

        assertThat(first.get(10, TimeUnit.SECONDS)).contains("helloOk");
        socket.abort();
    }

    @Test
    void plainHttpOnTheTlsPortIsRefusedAndHttpsGoesOn() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(10_000);
            OutputStream out = plain.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = plain.getInputStream();
            byte[] answer = in.readNBytes(64);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 200");
        } catch (IOException closed) {
            // the server closed the connection: refused as well
        }
        assertThat(presentedCertificate().getSubjectX500Principal().getName()).isNotEmpty();
    }

    @Test
    void aRenewedCertificateIsUsedForNewConnectionsWithoutARestart() throws Exception {
        TestCertificates.Pair renewed = TestCertificates.create(dir, "spreekuur-test-2");
        String before = presentedCertificate().getSubjectX500Principal().getName();
        assertThat(before).contains("spreekuur-test-1");

        renewed.installAs(installed);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(presentedCertificate().getSubjectX500Principal().getName()).contains("spreekuur-test-2"));
    }

    /** The certificate a new TLS connection is shown (whatever it is: this client trusts anything). */
    private static X509Certificate presentedCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
