package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.DailyStatistics;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.Statistics;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.ServicesTestServer.HttpAnswer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The office-hour HTTP API with the production wiring: the public status a website shows (no token), and the
 * admin statistics (Bearer token of a supervisor or org-admin; 401 without a token, 403 for other roles).
 */
class OfficeHourHttpTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();
    private Organisation org;
    private OfficeHour officeHour;

    @BeforeEach
    void setUp() {
        org = server.organisation("demo");
        Account anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        server.staff(org, "bert", "Bert Jansen", Role.SUPERVISOR);
        officeHour = server.alwaysOpenOfficeHour(org, "inloop", anna);
        server.server().store().officeHours().setOnDuty(officeHour.getId(), anna.id(), true,
                server.clock().instant());
    }

    @Test
    void publicStatusShowsTheOfficeHourWithoutAToken() throws Exception {
        joinOneClient();
        HttpAnswer answer = server.get("/api/public/organisations/demo/office-hours/inloop");
        assertThat(answer.status()).isEqualTo(200);
        OfficeHourStatus status = parse(answer.body(), OfficeHourStatus.newBuilder());
        assertThat(status.getOfficeHourId()).isEqualTo(officeHour.getId());
        assertThat(status.getSlug()).isEqualTo("inloop");
        assertThat(status.getName()).isEqualTo(officeHour.getName());
        assertThat(status.getOrganisationName()).isEqualTo(org.name());
        assertThat(status.getOpen()).isTrue();
        assertThat(status.getAccepting()).isTrue();
        assertThat(status.getProfessionalsOnDuty()).isEqualTo(1);
        assertThat(status.getWaiting()).isEqualTo(1);
        assertThat(status.getTimeZone()).isEqualTo("Europe/Amsterdam");
        assertThat(answer.body()).doesNotContain("anna").doesNotContain("Sam");

        HttpAnswer list = server.get("/api/public/organisations/demo/office-hours");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).startsWith("{\"statuses\":[").contains("\"slug\":\"inloop\"");

        assertThat(server.get("/api/public/organisations/demo/office-hours/onbekend").status()).isEqualTo(404);
        assertThat(server.get("/api/public/organisations/onbekend/office-hours/inloop").status()).isEqualTo(404);
        assertThat(server.get("/api/public/organisations/onbekend/office-hours").status()).isEqualTo(404);
    }

    @Test
    void statisticsNeedASupervisorOrOrgAdminToken() throws Exception {
        joinOneClient();
        String path = "/api/admin/office-hours/" + officeHour.getId() + "/statistics?from=2026-11-23&to=2026-11-24";

        HttpAnswer supervisor = server.get(path, server.login(org, "bert"));
        assertThat(supervisor.status()).isEqualTo(200);
        Statistics statistics = parse(supervisor.body(), Statistics.newBuilder());
        assertThat(statistics.getOfficeHourId()).isEqualTo(officeHour.getId());
        assertThat(statistics.getDaysList()).extracting(DailyStatistics::getDate)
                .containsExactly("2026-11-23", "2026-11-24");
        assertThat(statistics.getDays(0).getClientsJoined()).isEqualTo(1);
        assertThat(statistics.getDays(1).getClientsJoined()).isZero();

        HttpAnswer noToken = server.get(path);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json()).containsEntry("error", "UNAUTHENTICATED");
        HttpAnswer professional = server.get(path, server.login(org, "anna"));
        assertThat(professional.status()).isEqualTo(403);
        assertThat(professional.json()).containsEntry("error", "FORBIDDEN");
        assertThat(server.get(path, server.anonymous(org)).status()).isEqualTo(403);
        assertThat(server.get(path, "not-a-token").status()).isEqualTo(401);

        Organisation elsewhere = server.organisation("elders");
        server.staff(elsewhere, "olga", "Olga", Role.SUPERVISOR, Role.ORG_ADMIN);
        assertThat(server.get(path, server.login(elsewhere, "olga")).status()).isEqualTo(404);
        String bert = server.login(org, "bert");
        assertThat(server.get("/api/admin/office-hours/" + officeHour.getId() + "/statistics?from=gisteren&to=2026-11-24",
                bert).status()).isEqualTo(400);
    }

    @Test
    void metricsCountOfficeHourEventsByOfficeHourOnly() throws Exception {
        try (WsPeer client = server.connect(TestWsClient.JSON, server.anonymous(org))) {
            assertThat(client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId("inloop").setNickname("Sam").setFirstQuestion("Geheime vraag")))
                    .getJoinQueueResult().getAdmitted()).isTrue();
            try (WsPeer pro = server.connect(TestWsClient.PROTO, server.login(org, "anna"))) {
                assertThat(pro.call(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                        .setOfficeHourId(officeHour.getId()))).hasChatAssigned()).isTrue();
            }
        }
        HttpAnswer metrics = server.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        String tag = "office_hour=\"" + officeHour.getId() + "\"";
        assertThat(metrics.body())
                .contains("spreekuur_office_hour_events_total{event=\"joined\"," + tag + "} 1.0")
                .contains("spreekuur_office_hour_events_total{event=\"served\"," + tag + "} 1.0")
                .contains("spreekuur_office_hour_wait_seconds_count{" + tag + "} 1")
                .contains("spreekuur_connections_open ")
                .contains("spreekuur_handshakes_total{outcome=\"ok\",reason=\"ok\"}")
                .contains("spreekuur_frames_in_total{encoding=\"json\"}")
                .contains("spreekuur_frames_in_total{encoding=\"proto\"}")
                .doesNotContain("Sam").doesNotContain("Geheime vraag");
    }

    private void joinOneClient() throws Exception {
        try (WsPeer client = server.connect(TestWsClient.JSON, server.anonymous(org))) {
            assertThat(client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId("inloop").setNickname("Sam"))).getJoinQueueResult().getAdmitted()).isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T parse(String json, Message.Builder builder) throws Exception {
        JsonFormat.parser().merge(json, builder);
        return (T) builder.build();
    }
}
