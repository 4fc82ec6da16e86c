package nl.spreekuur.server.transport;

import static nl.spreekuur.server.transport.HelloTest.assertEnding;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.NewAnonymousSession;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code Hello { new_anonymous_session }}: a client's session started on the socket, without the HTTP request. */
class NewSessionHelloTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AutoClose
    private final TestServer server = TestServer.builder().start();

    @Test
    void helloStartsASessionWhoseTokenOpensTheNextConnection() throws Exception {
        server.organisation("demo");
        HelloOk started;
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {
            ws.send(newSession("demo"));
            ServerMessage answer = ws.next();
            assertThat(answer.getRequestId()).isEqualTo("h");
            started = answer.getHelloOk();
            assertThat(started.getKind()).isEqualTo(PrincipalKind.ANONYMOUS_CLIENT);
            assertThat(started.getToken()).isNotEmpty().matches("[A-Za-z0-9_.-]{1,128}");
            assertThat(started.getPrincipalId()).isNotEmpty();
            assertThat(started.getOrganisation().getSlug()).isEqualTo("demo");
            assertThat(started.getActiveList()).isEmpty();
            assertThat(Instant.ofEpochSecond(started.getExpiresAt().getSeconds()))
                    .isEqualTo(TestServer.START.plus(Duration.ofHours(24)));
            ClientSession session = server.recording().nextAuthenticated();
            assertThat(session.startedByHello()).isTrue();
            assertThat(session.principal().id()).isEqualTo(started.getPrincipalId());
        }
        try (TestWsClient again = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            HelloOk resumed = again.hello(started.getToken());
            assertThat(resumed.getPrincipalId()).isEqualTo(started.getPrincipalId());
            assertThat(resumed.getToken()).as("only a Hello that starts a session carries a token").isEmpty();
            ClientSession session = server.recording().nextAuthenticated();
            assertThat(session.startedByHello()).isFalse();
        }
        assertThat(server.store().sessions().byId(started.getPrincipalId())).as("nothing stored").isEmpty();
    }

    @Test
    void unknownOrganisationGetsNotFoundThen1008() throws Exception {
        server.organisation("demo");
        assertRefused(newSession("nope"), ErrorCode.NOT_FOUND, "no such organisation");
    }

    @Test
    void blankOrganisationGetsInvalidArgumentThen1008() throws Exception {
        assertRefused(newSession("  "), ErrorCode.INVALID_ARGUMENT, "organisation is required");
    }

    @Test
    void tokenAndNewSessionTogetherAreRefused() throws Exception {
        server.organisation("demo");
        String token = server.anonymousToken(server.organisation("demo")).token();
        ClientMessage both = ClientMessage.newBuilder().setRequestId("h").setHello(Hello.newBuilder().setToken(token)
                .setNewAnonymousSession(NewAnonymousSession.newBuilder().setOrganisation("demo"))).build();
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            ws.send(both);
            assertEnding(ws, CloseCodes.POLICY_VIOLATION, "unauthenticated");
        }
    }

    @Test
    void theAddressBucketIsSharedWithTheHttpRoute() throws Exception {
        try (TestServer strict = TestServer.builder().set("anonymous.address-burst", "2")
                .set("anonymous.address-per-minute", "1").start()) {
            strict.organisation("demo");
            assertThat(postAnonymous(strict).statusCode()).isEqualTo(200);
            try (TestWsClient ws = TestWsClient.connect(strict.wsUri(), TestWsClient.PROTO)) {
                ws.send(newSession("demo"));
                assertThat(ws.next().getHelloOk().getToken()).isNotEmpty();
            }
            try (TestWsClient ws = TestWsClient.connect(strict.wsUri(), TestWsClient.PROTO)) {
                ws.send(newSession("demo"));
                ServerMessage error = ws.next();
                assertThat(error.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(error.getRequestId()).isEqualTo("h");
                assertEnding(ws, CloseCodes.POLICY_VIOLATION, "unauthenticated");
            }
            assertThat(postAnonymous(strict).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void underPressureTheClientIsSentToTheHttpRouteForProofOfWork() throws Exception {
        try (TestServer pressed = TestServer.builder().set("anonymous.pow-bits", "8")
                .set("anonymous.pow-above-per-minute", "0").start()) {
            pressed.organisation("demo");
            try (TestWsClient ws = TestWsClient.connect(pressed.wsUri(), TestWsClient.JSON)) {
                ws.send(newSession("demo"));
                ServerMessage error = ws.next();
                assertThat(error.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(error.getError().getMessage()).contains("POST /api/anonymous");
                assertEnding(ws, CloseCodes.POLICY_VIOLATION, "unauthenticated");
            }
            HttpResponse<String> http = postAnonymous(pressed);
            assertThat(http.statusCode()).isEqualTo(429);
            assertThat(http.body()).contains("PROOF_OF_WORK_REQUIRED");
        }
    }

    private void assertRefused(ClientMessage hello, ErrorCode code, String message) throws Exception {
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {
            ws.send(hello);
            ServerMessage error = ws.next();
            assertThat(error.getRequestId()).isEqualTo("h");
            assertThat(error.getError().getCode()).isEqualTo(code);
            assertThat(error.getError().getMessage()).isEqualTo(message);
            assertEnding(ws, CloseCodes.POLICY_VIOLATION, "unauthenticated");
        }
    }

    private static ClientMessage newSession(String organisation) {
        return ClientMessage.newBuilder().setRequestId("h").setHello(Hello.newBuilder().setClient("test/1")
                .setNewAnonymousSession(NewAnonymousSession.newBuilder().setOrganisation(organisation))).build();
    }

    private static HttpResponse<String> postAnonymous(TestServer server) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.http("/api/anonymous"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"organisation\":\"demo\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
