package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Logout;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class LogoutTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @AutoClose
    private final TestServer server = TestServer.builder().start();
    private final Organisation org = server.organisation("demo");
    private final Account pro = server.staff(org, "anna", Role.PROFESSIONAL);

    @Test
    void logoutOverTheSocketAcksAndClosesEverySocketOfTheSession() throws Exception {
        TestServer.Token token = server.staffToken(pro);
        TestServer.Token otherSession = server.staffToken(pro);
        try (TestWsClient first = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO);
             TestWsClient second = TestWsClient.connect(server.wsUri(), TestWsClient.JSON);
             TestWsClient unrelated = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            first.hello(token.token());
            second.hello(token.token());
            unrelated.hello(otherSession.token());

            first.send(ClientMessage.newBuilder().setRequestId("bye").setLogout(Logout.getDefaultInstance()).build());
            ServerMessage ack = first.next();
            assertThat(ack.getRequestId()).isEqualTo("bye");
            assertThat(ack.hasAck()).isTrue();
            HelloTest.assertEnding(first, CloseCodes.POLICY_VIOLATION, "session revoked");
            assertThat(second.next(WITHIN).getSessionEnding().getReason()).isEqualTo("session revoked");
            assertThat(second.awaitClose(WITHIN).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);

            // another session of the same person is not affected
            unrelated.send(ClientMessage.newBuilder().setRequestId("p").setPing(Ping.getDefaultInstance()).build());
            assertThat(unrelated.next().hasPong()).isTrue();
        }
        assertThat(server.context().authenticator().authenticate(token.token())).isEmpty();
        assertThat(server.context().authenticator().authenticate(otherSession.token())).isPresent();
    }

    @Test
    void logoutOverHttpClosesTheSessionsSockets() throws Exception {
        TestServer.Token token = server.staffToken(pro);
        try (TestWsClient first = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO);
             TestWsClient second = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            first.hello(token.token());
            second.hello(token.token());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                    .uri(server.http("/api/logout"))
                    .header("Authorization", "Bearer " + token.token())
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(first.awaitClose(WITHIN)).isEqualTo(
                    new TestWsClient.CloseStatus(CloseCodes.POLICY_VIOLATION, "session revoked"));
            assertThat(second.awaitClose(WITHIN).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }

    @Test
    void revocationPublishedByAnotherNodeClosesLocalSockets() throws Exception {
        TestServer.Token token = server.anonymousToken(org);
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {
            ws.hello(token.token());
            // what another node's SessionRevocations publishes on the shared broker
            server.context().broker().publish(SessionRevocations.CONTROL_CHANNEL,
                    ("session-revoked " + token.sessionId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HelloTest.assertEnding(ws, CloseCodes.POLICY_VIOLATION, "session revoked");
        }
    }
}
