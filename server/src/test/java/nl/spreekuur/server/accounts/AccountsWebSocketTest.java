package nl.spreekuur.server.accounts;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.Account;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ListAccounts;
import nl.spreekuur.protocol.v1.Role;
import nl.spreekuur.protocol.v1.SaveAccount;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;

/**
 * Account management by an org-admin over the socket, checked with the real login: a created professional can
 * log in; disabling the account closes its open socket (1008) within 5 s and refuses further logins.
 */
class AccountsWebSocketTest {
    private static final String NEW_PASSWORD = "nieuw-wachtwoord-2026";

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();
    private Organisation org;

    @BeforeEach
    void setUp() {
        org = server.organisation("demo");
        server.staff(org, "ada", "Ada Admin", nl.spreekuur.server.store.Role.ORG_ADMIN);
        server.staff(org, "anna", "Anna de Vries", nl.spreekuur.server.store.Role.PROFESSIONAL);
    }

    @BothEncodings
    void orgAdminCreatesAProfessionalWhoLogsInAndDisablingClosesTheirSocket(String encoding) throws Exception {
        try (WsPeer admin = server.connect(encoding, server.login(org, "ada"))) {
            Account created = admin.call(save(Account.newBuilder().setUsername("carla")
                    .setDisplayName("Carla Smit").addRoles(Role.ROLE_PROFESSIONAL), NEW_PASSWORD)).getAccount();
            assertThat(created.getId()).isNotEmpty();
            assertThat(created.getOrganisationId()).isEqualTo(org.id());
            assertThat(created.getRolesList()).containsExactly(Role.ROLE_PROFESSIONAL);
            assertThat(created.getDisabled()).isFalse();

            String carlaToken = server.login("demo", "carla", NEW_PASSWORD);
            try (WsPeer carla = server.connect(otherEncoding(encoding), carlaToken)) {
                assertThat(carla.helloOk().getPrincipalId()).isEqualTo(created.getId());
                assertThat(carla.helloOk().getDisplayName()).isEqualTo("Carla Smit");
                assertThat(carla.helloOk().getRolesList()).containsExactly(Role.ROLE_PROFESSIONAL);

                Account disabled = admin.call(save(created.toBuilder().setDisabled(true), "")).getAccount();
                assertThat(disabled.getDisabled()).isTrue();

                TestWsClient.CloseStatus closed = carla.awaitClose(Duration.ofSeconds(5));
                assertThat(closed.code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
                assertThat(closed.reason()).isEqualTo("session revoked");
            }
            assertThat(server.server().context().authenticator().authenticate(carlaToken)).isEmpty();
            assertThat(server.loginAnswer("demo", "carla", NEW_PASSWORD).status()).isEqualTo(401);
            assertThat(admin.call(ClientMessage.newBuilder().setListAccounts(ListAccounts.getDefaultInstance()))
                    .getAccountList().getAccountsList())
                    .filteredOn(a -> a.getUsername().equals("carla"))
                    .singleElement().extracting(Account::getDisabled).isEqualTo(true);
        }
    }

    @BothEncodings
    void onlyOrgAdminsManageAccounts(String encoding) throws Exception {
        try (WsPeer pro = server.connect(encoding, server.login(org, "anna"))) {
            assertThat(pro.callForError(ClientMessage.newBuilder().setListAccounts(ListAccounts.getDefaultInstance())))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(pro.callForError(save(Account.newBuilder().setUsername("mallory").setDisplayName("M")
                    .addRoles(Role.ROLE_ORG_ADMIN), NEW_PASSWORD))).isEqualTo(ErrorCode.FORBIDDEN);
        }
        try (WsPeer admin = server.connect(encoding, server.login(org, "ada"))) {
            assertThat(admin.callForError(save(Account.newBuilder().setUsername("op").setDisplayName("Op")
                    .addRoles(Role.ROLE_OPERATOR), NEW_PASSWORD))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(admin.callForError(save(Account.newBuilder().setUsername("kort").setDisplayName("Kort")
                    .addRoles(Role.ROLE_PROFESSIONAL), "te-kort"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        assertThat(server.server().store().accounts().byOrganisation(org.id())).hasSize(2);
    }

    @BothEncodings
    void anUpdateWithAnUnacceptablePasswordChangesNothing(String encoding) throws Exception {
        try (WsPeer admin = server.connect(encoding, server.login(org, "ada"))) {
            Account anna = admin.call(ClientMessage.newBuilder().setListAccounts(ListAccounts.getDefaultInstance()))
                    .getAccountList().getAccountsList().stream().filter(a -> a.getUsername().equals("anna"))
                    .findFirst().orElseThrow();
            assertThat(admin.callForError(save(anna.toBuilder().setDisplayName("Anna Jansen").setDisabled(true)
                    .clearRoles().addRoles(Role.ROLE_SUPERVISOR), "te-kort"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        var stored = server.server().store().accounts().byUsername(org.id(), "anna").orElseThrow();
        assertThat(stored.displayName()).isEqualTo("Anna de Vries");
        assertThat(stored.disabled()).isFalse();
        assertThat(stored.roles()).containsExactly(nl.spreekuur.server.store.Role.PROFESSIONAL);
        assertThat(server.login(org, "anna")).isNotEmpty();
    }

    private static ClientMessage.Builder save(Account.Builder account, String password) {
        return ClientMessage.newBuilder().setSaveAccount(SaveAccount.newBuilder().setAccount(account)
                .setPassword(password));
    }
}
