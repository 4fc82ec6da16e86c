package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.protocol.v1.Role;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.TestWsClient.CloseStatus;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class HelloTest {
    @AutoClose
    private final TestServer server = TestServer.builder().set("ws.heartbeat-seconds", "15").start();
    private final Organisation org = server.organisation("demo");

    @Test
    void staffHelloOkCarriesPrincipalAndTransportFields() throws Exception {
        Account pro = server.staff(org, "anna", nl.spreekuur.server.store.Role.PROFESSIONAL,
                nl.spreekuur.server.store.Role.SUPERVISOR);
        TestServer.Token token = server.staffToken(pro);
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {
            HelloOk ok = ws.hello(token.token());
            assertThat(ok.getPrincipalId()).isEqualTo(pro.id());
            assertThat(ok.getKind()).isEqualTo(PrincipalKind.STAFF);
            assertThat(ok.getDisplayName()).isEqualTo("Staff anna");
            assertThat(ok.getRolesList()).containsExactly(Role.ROLE_PROFESSIONAL, Role.ROLE_SUPERVISOR);
            assertThat(ok.getOrganisation().getSlug()).isEqualTo("demo");
            assertThat(ok.getOrganisation().getName()).isEqualTo(org.name());
            assertThat(ok.getHeartbeatSeconds()).isEqualTo(15);
            assertThat(ok.getMaxFrameBytes()).isEqualTo(65536);
            assertThat(ok.getServerVersion()).isNotEmpty();
            assertThat(Instant.ofEpochSecond(ok.getExpiresAt().getSeconds()))
                    .isEqualTo(TestServer.START.plus(Duration.ofHours(12)));
            ClientSession session = server.recording().nextAuthenticated();
            assertThat(session.principal().id()).isEqualTo(pro.id());
            assertThat(server.context().localSessions().ofPrincipal(pro.id())).containsExactly(session);
        }
    }

    @Test
    void anonymousHelloOk() throws Exception {
        TestServer.Token token = server.anonymousToken(org);
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            HelloOk ok = ws.hello(token.token());
            assertThat(ok.getKind()).isEqualTo(PrincipalKind.ANONYMOUS_CLIENT);
            assertThat(ok.getPrincipalId()).isEqualTo(token.sessionId());
            assertThat(ok.getRolesList()).isEmpty();
            assertThat(ok.getDisplayName()).isEmpty();
        }
    }

    @Test
    void applicationFieldsInHelloOkAreKept() throws Exception {
        try (TestServer appServer = TestServer.builder()
                .application(ctx -> new nl.spreekuur.server.testsupport.RecordingApplication(ctx) {
                    @Override
                    public HelloOk onAuthenticated(ClientSession session) {
                        return HelloOk.newBuilder().setDisplayName("chosen by the app")
                                .addOnDutyOfficeHourIds("oh-1").build();
                    }
                }).start();
             TestWsClient ws = TestWsClient.connect(appServer.wsUri(), TestWsClient.PROTO)) {
            TestServer.Token token = appServer.anonymousToken(appServer.organisation("demo"));
            HelloOk ok = ws.hello(token.token());
            assertThat(ok.getDisplayName()).isEqualTo("chosen by the app");
            assertThat(ok.getOnDutyOfficeHourIdsList()).containsExactly("oh-1");
            assertThat(ok.getPrincipalId()).isEqualTo(token.sessionId());
        }
    }

    @Test
    void wrongTokenGetsSessionEndingAnd1008() throws Exception {
        assertHelloRefused(TestWsClient.PROTO, "not-a-token");
    }

    @Test
    void firstFrameNotHelloGets1008() throws Exception {
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.JSON)) {
            ws.send(ClientMessage.newBuilder().setRequestId("1").setPing(Ping.getDefaultInstance()).build());
            assertEnding(ws, CloseCodes.POLICY_VIOLATION, "unauthenticated");
        }
    }

    @Test
    void noHelloWithinTheTimeoutGets4000() throws Exception {
        // its own server: with so short a timeout on the shared one, a busy machine fails the other tests' Hellos
        try (TestServer impatient = TestServer.builder().set("ws.hello-timeout-seconds", "0.3").start();
             TestWsClient ws = TestWsClient.connect(impatient.wsUri(), TestWsClient.PROTO)) {
            assertEnding(ws, CloseCodes.HELLO_TIMEOUT, "hello timeout");
        }
    }

    @Test
    void expiredTokenGets1008() throws Exception {
        TestServer.Token token = server.anonymousToken(org);
        server.clock().advance(Duration.ofHours(25));
        assertHelloRefused(TestWsClient.PROTO, token.token());
    }

    @Test
    void revokedTokenGets1008() throws Exception {
        TestServer.Token token = server.anonymousToken(org);
        server.store().sessions().revoke(token.sessionId(), server.clock().instant());
        assertHelloRefused(TestWsClient.JSON, token.token());
    }

    @Test
    void tokenRevokedInTheSharedRevocationsGets1008() throws Exception {
        // what another node's revocation leaves in the shared state before this node's store read sees it
        TestServer.Token token = server.anonymousToken(org);
        server.context().revocations().remember(token.sessionId(), server.clock().instant().plus(Duration.ofHours(1)));
        assertHelloRefused(TestWsClient.PROTO, token.token());
    }

    @Test
    void disabledAccountGets1008() throws Exception {
        Account pro = server.staff(org, "bert", nl.spreekuur.server.store.Role.PROFESSIONAL);
        TestServer.Token token = server.staffToken(pro);
        server.store().accounts().update(pro.id(), pro.displayName(), pro.roles(), true);
        assertHelloRefused(TestWsClient.PROTO, token.token());
    }

    @Test
    void sessionExpiringWhileConnectedIsClosedWith1008() throws Exception {
        TestServer.Token token = server.anonymousToken(org);
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            ws.hello(token.token());
            server.clock().advance(Duration.ofHours(24));
            assertEnding(ws, CloseCodes.POLICY_VIOLATION, "session expired");
        }
        assertThat(server.recording().nextDisconnected().principal().sessionId()).isEqualTo(token.sessionId());
    }

    @Test
    void secondHelloIsRefusedButTheConnectionStays() throws Exception {
        TestServer.Token token = server.anonymousToken(org);
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            ws.hello(token.token());
            ws.send(hello(token.token()));
            ServerMessage answer = ws.next();
            assertThat(answer.getError().getCode()).isEqualTo(nl.spreekuur.protocol.v1.ErrorCode.INVALID_ARGUMENT);
            ws.send(ClientMessage.newBuilder().setRequestId("p").setPing(Ping.getDefaultInstance()).build());
            assertThat(ws.next().hasPong()).isTrue();
        }
    }

    /** A new socket whose Hello presents the token gets SessionEnding and close 1008 "unauthenticated". */
    private void assertHelloRefused(String subprotocol, String token) throws Exception {
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), subprotocol)) {
            ws.send(hello(token));
            assertEnding(ws, CloseCodes.POLICY_VIOLATION, "unauthenticated");
        }
    }

    static ClientMessage hello(String token) {
        return ClientMessage.newBuilder().setRequestId("h")
                .setHello(nl.spreekuur.protocol.v1.Hello.newBuilder().setToken(token)).build();
    }

    /** SessionEnding with the code and reason, then the close frame with the same. */
    static void assertEnding(TestWsClient ws, int code, String reason) throws Exception {
        ServerMessage ending = ws.next();
        assertThat(ending.hasSessionEnding()).as("SessionEnding, got %s", ending).isTrue();
        assertThat(ending.getSessionEnding().getCloseCode()).isEqualTo(code);
        assertThat(ending.getSessionEnding().getReason()).isEqualTo(reason);
        assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(code, reason));
    }
}
