package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.TestServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Issue 13: logins are throttled per client address and per account, and password checks run apart. */
class LoginThrottlingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "correct horse battery";
    private static final String WRONG = "wrong horse battery staple";

    private static HttpResponse<String> login(TestServer server, String username, String password) throws Exception {
        return HTTP.send(request(server, username, password), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(TestServer server, String username, String password) {
        return HttpRequest.newBuilder(server.http("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"organisation\":\"demo\",\"username\":\"" + username
                        + "\",\"password\":\"" + password + "\"}")).build();
    }

    private static Organisation withAnna(TestServer server) {
        Organisation org = server.organisation("demo");
        server.store().accounts().create(org.id(), "anna", "Anna", server.context().passwords()
                .hash(PASSWORD.toCharArray()), Set.of(Role.PROFESSIONAL));
        return org;
    }

    @Test
    void oneAddressGetsABurstThen429WithRetryAfter() throws Exception {
        try (TestServer server = TestServer.builder()
                .set("login.address-burst", "3").set("login.address-per-minute", "6").start()) {
            withAnna(server);
            for (int i = 0; i < 3; i++) {
                assertThat(login(server, "nobody" + i, WRONG).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> refused = login(server, "anna", PASSWORD);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).contains("10");
            assertThat(Json.parseObject(refused.body())).containsEntry("error", "RATE_LIMITED");
            server.clock().advance(Duration.ofSeconds(10));
            assertThat(login(server, "anna", PASSWORD).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAccountBacksOffExponentiallyAndFailuresAreAuditedWithoutThePassword() throws Exception {
        try (TestServer server = TestServer.builder().set("login.free-failures", "2")
                .set("login.backoff-base-seconds", "30").set("login.backoff-max-seconds", "3600").start()) {
            Organisation org = withAnna(server);
            assertThat(login(server, "anna", WRONG).statusCode()).isEqualTo(401);
            assertThat(login(server, "Anna", WRONG).statusCode()).isEqualTo(401);
            HttpResponse<String> backoff = login(server, "anna", PASSWORD);
            assertThat(backoff.statusCode()).isEqualTo(429);
            assertThat(backoff.headers().firstValue("Retry-After")).contains("30");
            assertThat(Json.parseObject(backoff.body())).containsEntry("error", "RATE_LIMITED");

            server.clock().advance(Duration.ofSeconds(30));
            assertThat(login(server, "anna", WRONG).statusCode()).isEqualTo(401);
            assertThat(login(server, "anna", PASSWORD).headers().firstValue("Retry-After")).contains("60");
            server.clock().advance(Duration.ofSeconds(60));
            assertThat(login(server, "anna", PASSWORD).statusCode()).isEqualTo(200);
            assertThat(login(server, "anna", WRONG).statusCode()).isEqualTo(401); // the success cleared it

            List<AuditLog.Entry> audit = server.store().audit().list(org.id(), Instant.EPOCH,
                    server.clock().instant().plusSeconds(1));
            assertThat(audit).extracting(AuditLog.Entry::action).containsExactly("login.failed", "login.failed",
                    "login.throttled", "login.failed", "login.throttled", "login", "login.failed");
            assertThat(audit).allSatisfy(entry -> assertThat(entry.toString())
                    .doesNotContain(WRONG).doesNotContain(PASSWORD).doesNotContain("anna"));
            assertThat(audit.get(0).detail()).isEqualTo("wrong-password");
        }
    }

    /** Full password threads and queue: 429 BUSY with Retry-After, never a wait on the chat workers. */
    @Test
    void aLoginFloodIsRefusedWith429WhenThePasswordChecksAreFull() throws Exception {
        try (TestServer server = TestServer.builder().set("auth.password-threads", "1")
                .set("auth.password-queue", "0").start()) {
            withAnna(server);
            List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                flood.add(HTTP.sendAsync(request(server, "nobody" + i, WRONG), HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> answers = flood.stream().map(CompletableFuture::join).toList();
            assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(401, 429));
            List<HttpResponse<String>> busy = answers.stream().filter(r -> r.statusCode() == 429).toList();
            assertThat(busy).isNotEmpty().allSatisfy(r -> {
                assertThat(r.headers().firstValue("Retry-After")).contains("1");
                assertThat((Map<String, Object>) Json.parseObject(r.body())).containsEntry("error", "BUSY");
            });
            // The flood is answered; the one password thread takes the next check once it is back at its (zero-length)
            // queue, which may be a moment after the last answer went out: until then a login is refused as BUSY too.
            List<HttpResponse<String>> before = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                HttpResponse<String> real = login(server, "anna", PASSWORD);
                if (real.statusCode() == 200) {
                    return true;
                }
                before.add(real);
                return false;
            });
            assertThat(before).allSatisfy(r -> assertThat((Map<String, Object>) Json.parseObject(r.body()))
                    .containsEntry("error", "BUSY"));
        }
    }
}
