package nl.spreekuur.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Open staff sockets are checked against the store every {@code auth.staff-revalidate-seconds}: a changed role,
 * a disabled account or a session revoked behind the server's back (here: written straight into the store, as
 * another node's missed announcement would leave it) ends the session; an unchanged one stays.
 */
class StaffRevalidationTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @AutoClose
    private final TestServer server = TestServer.builder().set("auth.staff-revalidate-seconds", "0.2").start();
    private final Organisation org = server.organisation("welzijn");

    @Test
    void aSocketWhoseRolesChangedOrWhoseAccountWasDisabledIsEndedAndOthersStay() throws Exception {
        Account demoted = server.staff(org, "bram", Role.PROFESSIONAL, Role.ORG_ADMIN);
        Account disabled = server.staff(org, "carla", Role.PROFESSIONAL);
        Account unchanged = server.staff(org, "anna", Role.PROFESSIONAL);
        TestServer.Token demotedToken = server.staffToken(demoted);
        TestServer.Token disabledToken = server.staffToken(disabled);
        try (TestWsClient a = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO);
             TestWsClient b = TestWsClient.connect(server.wsUri(), TestWsClient.JSON);
             TestWsClient c = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            a.hello(demotedToken.token());
            b.hello(disabledToken.token());
            c.hello(server.staffToken(unchanged).token());

            server.store().accounts().update(demoted.id(), demoted.displayName(), Set.of(Role.PROFESSIONAL), false);
            server.store().accounts().update(disabled.id(), disabled.displayName(), disabled.roles(), true);

            assertThat(a.awaitClose(WITHIN)).isEqualTo(new TestWsClient.CloseStatus(CloseCodes.POLICY_VIOLATION,
                    "session revoked"));
            assertThat(b.awaitClose(WITHIN).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            // both passes that ended them went over the unchanged socket too
            c.drain();
            c.send(ClientMessage.newBuilder().setRequestId("p").setPing(Ping.getDefaultInstance()).build());
            assertThat(c.next().hasPong()).isTrue();
            assertThat(c.isClosed()).isFalse();
        }
        assertThat(server.context().authenticator().authenticate(demotedToken.token())).isEmpty();
        assertThat(server.context().authenticator().authenticate(disabledToken.token())).isEmpty();
    }

    @Test
    void aSessionRevokedInTheStoreOnlyIsEndedAtTheNextPass() throws Exception {
        Account pro = server.staff(org, "dirk", Role.PROFESSIONAL);
        TestServer.Token token = server.staffToken(pro);
        try (TestWsClient ws = TestWsClient.connect(server.wsUri(), TestWsClient.PROTO)) {
            ws.hello(token.token());

            server.store().sessions().revoke(token.sessionId(), server.clock().instant());

            assertThat(ws.awaitClose(WITHIN).code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }
}
