package nl.spreekuur.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.auth.SignedTokens;
import nl.spreekuur.server.store.Sessions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthEndpointsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "correct horse battery";

    @AutoClose
    private static TestServer server;
    private static Organisation org;
    private static Account anna;

    @BeforeAll
    static void start() {
        server = TestServer.builder().start();
        org = server.organisation("demo");
        String hash = server.context().passwords().hash(PASSWORD.toCharArray());
        anna = server.store().accounts().create(org.id(), "Anna", "Anna de Vries", hash,
                Set.of(Role.PROFESSIONAL, Role.SUPERVISOR));
        Account disabled = server.store().accounts().create(org.id(), "gone", "Gone", hash, Set.of(Role.PROFESSIONAL));
        server.store().accounts().update(disabled.id(), disabled.displayName(), disabled.roles(), true);
        server.store().accounts().create(null, "root", "Operator", hash, Set.of(Role.OPERATOR));
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.http(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> logout(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http("/api/logout"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String login(String organisation, String username, String password) {
        return "{\"organisation\":\"" + organisation + "\",\"username\":\"" + username + "\",\"password\":\""
                + password + "\"}";
    }

    @Test
    @SuppressWarnings("unchecked")
    void loginReturnsTokenAndPrincipal() throws Exception {
        HttpResponse<String> response = post("/api/login", login("demo", "anna", PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, Object> body = Json.parseObject(response.body());
        assertThat((String) body.get("token")).hasSize(43);
        assertThat(Instant.parse((String) body.get("expiresAt")))
                .isEqualTo(server.clock().instant().plus(Duration.ofHours(12)));
        assertThat(body).containsEntry("principalId", anna.id()).containsEntry("displayName", "Anna de Vries");
        assertThat((List<Object>) body.get("roles")).containsExactly("PROFESSIONAL", "SUPERVISOR");
        assertThat((Map<String, Object>) body.get("organisation"))
                .containsEntry("id", org.id()).containsEntry("slug", "demo").containsEntry("name", org.name());

        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            HelloOk ok = ws.hello((String) body.get("token"));
            assertThat(ok.getPrincipalId()).isEqualTo(anna.id());
            assertThat(ok.getKind()).isEqualTo(PrincipalKind.STAFF);
        }
    }

    @Test
    void everyRefusedLoginGetsTheSameAnswer() throws Exception {
        List<String> attempts = List.of(
                login("demo", "anna", "wrong password!"),
                login("demo", "nobody", PASSWORD),
                login("elsewhere", "anna", PASSWORD),
                login("demo", "gone", PASSWORD));
        String first = null;
        for (String attempt : attempts) {
            HttpResponse<String> response = post("/api/login", attempt);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(Json.parseObject(response.body())).containsEntry("error", "UNAUTHENTICATED");
            if (first == null) {
                first = response.body();
            }
            assertThat(response.body()).isEqualTo(first);
        }
    }

    @Test
    void operatorsLogInWithoutOrganisation() throws Exception {
        HttpResponse<String> response = post("/api/login",
                "{\"username\":\"root\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = Json.parseObject(response.body());
        assertThat(body.get("organisation")).isNull();
        // organisation staff cannot log in without their organisation
        assertThat(post("/api/login", "{\"username\":\"anna\",\"password\":\"" + PASSWORD + "\"}").statusCode())
                .isEqualTo(401);
    }

    @Test
    void loginWithoutCredentialsOrWithBadJsonIs400() throws Exception {
        assertThat(post("/api/login", "{\"organisation\":\"demo\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> response = post("/api/login", "not json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(response.body())).containsEntry("error", "INVALID_ARGUMENT");
    }

    @Test
    void anonymousGetsATokenForTheOrganisation() throws Exception {
        HttpResponse<String> response = post("/api/anonymous", "{\"organisation\":\"demo\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = Json.parseObject(response.body());
        assertThat(Instant.parse((String) body.get("expiresAt")))
                .isEqualTo(server.clock().instant().plus(Duration.ofHours(24)));
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {
            HelloOk ok = ws.hello((String) body.get("token"));
            assertThat(ok.getKind()).isEqualTo(PrincipalKind.ANONYMOUS_CLIENT);
            assertThat(ok.getPrincipalId()).isEqualTo(body.get("principalId"));
            assertThat(ok.getOrganisation().getSlug()).isEqualTo("demo");
        }
        // signed, not stored: asking for a token writes nothing
        assertThat(SignedTokens.looksSigned((String) body.get("token"))).isTrue();
        assertThat(server.store().sessions().byId((String) body.get("principalId"))).isEmpty();
    }

    @Test
    void logoutRevokesAnAnonymousTokenDurably() throws Exception {
        Map<String, Object> body = Json.parseObject(post("/api/anonymous", "{\"organisation\":\"demo\"}").body());
        String token = (String) body.get("token");
        assertThat(logout(token).statusCode()).isEqualTo(204);
        assertThat(logout(token).statusCode()).isEqualTo(401);
        assertThat(server.context().authenticator().authenticate(token)).isEmpty();
        assertThat(server.store().sessions().revokedTokens(Instant.EPOCH, server.clock().instant()))
                .extracting(Sessions.RevokedToken::sessionId).contains((String) body.get("principalId"));
    }

    @Test
    void anonymousForAnUnknownOrganisationIs404() throws Exception {
        HttpResponse<String> response = post("/api/anonymous", "{\"organisation\":\"nope\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Json.parseObject(response.body())).containsEntry("error", "NOT_FOUND");
        assertThat(post("/api/anonymous", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void logoutRevokesTheToken() throws Exception {
        String token = (String) Json.parseObject(post("/api/login", login("demo", "anna", PASSWORD)).body())
                .get("token");
        assertThat(logout(token).statusCode()).isEqualTo(204);
        assertThat(logout(token).statusCode()).isEqualTo(401);
        assertThat(server.context().authenticator().authenticate(token)).isEmpty();
    }

    @Test
    void logoutWithoutAValidTokenIs401() throws Exception {
        HttpResponse<String> response = logout(null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Json.parseObject(response.body())).containsEntry("error", "UNAUTHENTICATED");
        assertThat(logout("made-up").statusCode()).isEqualTo(401);
    }
}
