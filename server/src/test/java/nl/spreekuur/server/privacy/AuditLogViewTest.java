package nl.spreekuur.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.protocol.v1.AuditEntry;
import nl.spreekuur.protocol.v1.AuditLogPage;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ListAuditLog;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.ServicesTestServer.HttpAnswer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit-log view and its CSV export over the real socket and HTTP: who may read (org-admins, supervisors; not a
 * professional, not another organisation), filters (actor, action prefix, subject, period), paging, the NEN 7513
 * fields with the actor's session as "from where" and never a client address, formula-safe CSV cells, and the read
 * and the export themselves in the log.
 */
class AuditLogViewTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();
    private Organisation org;
    private Organisation other;
    private String adaToken;

    @BeforeEach
    void setUp() throws Exception {
        org = server.organisation("demo");
        other = server.organisation("elders");
        server.staff(org, "ada", "Ada Admin", Role.ORG_ADMIN);
        server.staff(org, "sam", "=HYPERLINK(\"x\")", Role.SUPERVISOR);
        server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        server.staff(other, "olga", "Olga Other", Role.ORG_ADMIN);
        adaToken = server.login(org, "ada");
        server.clock().advance(Duration.ofSeconds(1));
        server.login(org, "anna");
        server.clock().advance(Duration.ofSeconds(1));
        assertThat(server.loginAnswer("demo", "anna", "wrong-password-123").status()).isEqualTo(401);
        server.clock().advance(Duration.ofSeconds(1));
        server.login(other, "olga");
        server.clock().advance(Duration.ofSeconds(1));
    }

    @Test
    void orgAdminPagesThroughFilteredEntriesNewestFirstAndTheReadIsAudited() throws Exception {
        try (WsPeer ada = server.connect(TestWsClient.JSON, adaToken)) {
            AuditLogPage logins = page(ada, ListAuditLog.newBuilder().setAction("login"));
            assertThat(logins.getEntriesList()).extracting(AuditEntry::getAction)
                    .containsExactly("login.failed", "login", "login");
            AuditEntry failed = logins.getEntries(0);
            assertThat(failed.getActorName()).isEqualTo("Anna de Vries");
            assertThat(failed.getDetail()).isEqualTo("wrong-password");
            assertThat(logins.getEntriesList()).extracting(AuditEntry::getActorId)
                    .doesNotContain(server.server().store().accounts().byUsername(other.id(), "olga").orElseThrow().id());

            AuditLogPage first = page(ada, ListAuditLog.newBuilder().setAction("login").setPageSize(2));
            assertThat(first.getEntriesList()).hasSize(2);
            assertThat(first.getNextPageToken()).isNotEmpty();
            AuditLogPage second = page(ada, ListAuditLog.newBuilder().setAction("login").setPageSize(2)
                    .setPageToken(first.getNextPageToken()));
            assertThat(second.getEntriesList()).hasSize(1);
            assertThat(second.getNextPageToken()).isEmpty();
            assertThat(second.getEntries(0).getId()).isLessThan(first.getEntries(1).getId());
            assertThat(page(ada, ListAuditLog.newBuilder().setAction("login.failed")).getEntriesList()).hasSize(1);

            AuditLogPage reads = page(ada, ListAuditLog.newBuilder().setAction("audit.read"));
            assertThat(reads.getEntriesList()).as("the four reads before this one").hasSize(4);
            AuditEntry read = reads.getEntries(0);
            assertThat(read.getActorName()).isEqualTo("Ada Admin");
            assertThat(read.getActorRole()).isEqualTo("ORG_ADMIN");
            assertThat(read.getActorSession()).as("from where: the session, not an address").isNotEmpty();
            assertThat(read.getDetail()).contains("action=login");

            Instant now = server.clock().instant();
            assertThat(page(ada, ListAuditLog.newBuilder().setTo(ProtoTime.of(now.minusSeconds(60))))
                    .getEntriesList()).isEmpty();
            String annaId = server.server().store().accounts().byUsername(org.id(), "anna").orElseThrow().id();
            assertThat(page(ada, ListAuditLog.newBuilder().setSubjectId(annaId)).getEntriesList())
                    .extracting(AuditEntry::getAction).containsExactly("login.failed", "login");
            assertThat(page(ada, ListAuditLog.newBuilder().setActorId(annaId)).getEntriesList()).hasSize(2);

            assertThat(ada.callForError(request(ListAuditLog.newBuilder().setPageSize(500))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(ada.callForError(request(ListAuditLog.newBuilder().setPageToken("abc"))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(ada.callForError(request(ListAuditLog.newBuilder()
                    .setFrom(ProtoTime.of(now.minus(Duration.ofDays(400)))).setTo(ProtoTime.of(now)))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void professionalsAndClientsMayNotReadSupervisorsMay() throws Exception {
        try (WsPeer anna = server.connect(TestWsClient.PROTO, server.login(org, "anna"));
             WsPeer client = server.connect(TestWsClient.PROTO, server.anonymous(org));
             WsPeer sam = server.connect(TestWsClient.PROTO, server.login(org, "sam"))) {
            assertThat(anna.callForError(request(ListAuditLog.newBuilder()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(client.callForError(request(ListAuditLog.newBuilder()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(page(sam, ListAuditLog.newBuilder()).getEntriesList()).isNotEmpty();
        }
    }

    @Test
    void csvExportHasTheNenFieldsIsFormulaSafeHoldsNoAddressAndIsAudited() throws Exception {
        String samToken = server.login(org, "sam");
        HttpAnswer csv = server.get("/api/audit-log.csv?action=login", samToken);
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo(AuditLogRoutes.HEADER);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).contains(",\"'=HYPERLINK(\"\"x\"\")\",").contains(",login,account,");
        assertThat(csv.body()).doesNotContain("127.0.0.1").doesNotContain("Olga");

        assertThat(server.get("/api/audit-log.csv", null).status()).isEqualTo(401);
        assertThat(server.get("/api/audit-log.csv", server.login(org, "anna")).status()).isEqualTo(403);
        assertThat(server.get("/api/audit-log.csv?from=yesterday", samToken).status()).isEqualTo(400);

        try (WsPeer ada = server.connect(TestWsClient.JSON, adaToken)) {
            AuditEntry export = page(ada, ListAuditLog.newBuilder().setAction("audit.export")).getEntries(0);
            assertThat(export.getActorName()).isEqualTo("=HYPERLINK(\"x\")");
            assertThat(export.getDetail()).contains("action=login").endsWith("rows=4");
        }
        assertThat(AuditLogRoutes.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditLogRoutes.cell("-1")).isEqualTo("'-1");
        assertThat(AuditLogRoutes.cell("@x")).isEqualTo("'@x");
    }

    private static AuditLogPage page(WsPeer peer, ListAuditLog.Builder request) throws InterruptedException {
        return peer.call(request(request)).getAuditLogPage();
    }

    private static ClientMessage.Builder request(ListAuditLog.Builder request) {
        return ClientMessage.newBuilder().setListAuditLog(request);
    }
}
