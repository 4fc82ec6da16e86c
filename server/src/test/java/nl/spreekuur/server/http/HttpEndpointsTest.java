package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import nl.spreekuur.server.testsupport.RawHttp;
import nl.spreekuur.server.testsupport.RecordingApplication;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Health, metrics, static files, security headers and the route registry over real HTTP. */
class HttpEndpointsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicReference<String> routeThread = new AtomicReference<>();
    @AutoClose
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .staticRoot("test-web")
                .application(context -> {
                    context.routes().get("/api/public/echo/{name}", call -> {
                        routeThread.set(Thread.currentThread().getName());
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("name", call.pathParam("name"));
                        body.put("q", call.queryParam("q").orElse(""));
                        return HttpReply.ok(body);
                    });
                    context.routes().get("/api/public/fail", call -> {
                        throw new IllegalStateException("boom");
                    });
                    return new RecordingApplication(context);
                })
                .start();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertSecurityHeaders(java.net.http.HttpHeaders headers) {
        assertThat(headers.firstValue("Content-Security-Policy")).contains("default-src 'self'; script-src 'self'; "
                + "style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(headers.firstValue("Permissions-Policy"))
                .contains("camera=(self), microphone=(self), geolocation=()");
        assertThat(headers.firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void healthz() throws Exception {
        HttpResponse<String> response = get("/healthz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertSecurityHeaders(response.headers());
    }

    @Test
    void readyzWhileStoreAndBrokerWork() throws Exception {
        HttpResponse<String> response = get("/readyz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ready");
    }

    @Test
    void readyzIs503WhenTheStoreIsGone() throws Exception {
        try (TestServer other = TestServer.builder().start()) {
            other.store().close(); // the database connection pool is gone
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(other.http("/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("store");
        }
    }

    @Test
    void metricsServePrometheusTextWithTheTransportMeters() throws Exception {
        try (TestWsClient ws = server.connectAnonymous(TestWsClient.JSON)) {
            HttpResponse<String> response = get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(response.body())
                    .contains("spreekuur_connections_open 1.0")
                    .contains("spreekuur_handshakes_total{outcome=\"ok\",reason=\"ok\"}")
                    .contains("spreekuur_frames_in_total{encoding=\"json\"}")
                    .contains("spreekuur_frames_out_total{encoding=\"json\"}")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "/, text/html; charset=utf-8, test index",
            "/s/demo/inloop, text/html; charset=utf-8, test index",
            "/pro/, text/html; charset=utf-8, test index",
            "/pro, text/html; charset=utf-8, test index",
            "/app.js, text/javascript; charset=utf-8, answer = 42",
            "/style.css, text/css; charset=utf-8, margin",
            "/data.json, application/json, ok",
            "/logo.svg, image/svg+xml, svg",
            "/icon.png, image/png, PNG",
            "/fonts/font.woff2, font/woff2, wOF2"})
    void staticFilesWithTheirContentTypes(String path, String type, String content) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(type);
        assertThat(response.body()).contains(content);
        assertSecurityHeaders(response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.js", "/fonts/", "/fonts", "/.hidden.txt", "/index", "/web/index.html"})
    void unknownFilesAre404(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(404);
        assertSecurityHeaders(response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/../secret-outside-web.txt",
            "/%2e%2e/secret-outside-web.txt",
            "/fonts/../../secret-outside-web.txt",
            "/..%2fsecret-outside-web.txt",
            "/fonts%2f..%2f..%2fsecret-outside-web.txt",
            "/%2e%2e%5csecret-outside-web.txt",
            "/..\\secret-outside-web.txt",
            "//secret-outside-web.txt",
            "/./../secret-outside-web.txt"})
    void noDirectoryTraversal(String path) throws Exception {
        RawHttp.Response response = RawHttp.send(server.port(), "GET " + path + " HTTP/1.1", "Host: 127.0.0.1");
        assertThat(response.status()).isIn(400, 404);
        assertThat(response.body()).doesNotContain("TOP-SECRET");
    }

    @Test
    void writingMethodsOnStaticPathsAre405() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.http("/app.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void headRequestsGetHeadersWithoutBody() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.http("/app.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).contains("26");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void registeredRoutesGetPathAndQueryParametersAndRunOffTheEventLoop() throws Exception {
        HttpResponse<String> response = get("/api/public/echo/inloop?q=vandaag");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Json.parseObject(response.body())).containsEntry("name", "inloop").containsEntry("q", "vandaag");
        assertThat(routeThread.get()).startsWith("spreekuur-app");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void aFailingRouteGives500WithoutDetails() throws Exception {
        HttpResponse<String> response = get("/api/public/fail");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Json.parseObject(response.body())).containsEntry("error", "INTERNAL");
        assertThat(response.body()).doesNotContain("boom");
    }

    @Test
    void unknownApiPathIs404Json() throws Exception {
        HttpResponse<String> response = get("/api/nothing/here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.parseObject(response.body())).containsEntry("error", "NOT_FOUND");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertSecurityHeaders(response.headers());
    }

    @Test
    void wrongMethodOnAnApiRouteIs405WithAllow() throws Exception {
        HttpResponse<String> response = get("/api/login");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("POST");
        assertThat(Json.parseObject(response.body())).containsEntry("error", "METHOD_NOT_ALLOWED");
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.http("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + "x".repeat(70_000) + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertSecurityHeaders(response.headers());
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        // the connection (or a new one) still works
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void keepAliveConnectionAnswersRequestsInOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/api/public/echo/n" + i).body()).contains("n" + i);
        }
    }
}
