package nl.spreekuur.server.effects;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Effects.Channel;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The effect report's HTTP API on a real server: who may read (org-admin, kwaliteitsmedewerker) and change the
 * participation (org-admin); the benchmark compares only organisations that opted in and shows nothing until three
 * take part; an organisation that does not take part gets no comparison.
 */
class EffectsHttpTest {
    private static final LocalDate NOVEMBER = LocalDate.of(2026, 11, 1);

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void onlyOrgAdminsAndQualityStaffReadAndOnlyAdminsChangeParticipation() throws Exception {
        Organisation org = server.organisation("wijkteam");
        server.staff(org, "ada", "Ada", Role.ORG_ADMIN);
        server.staff(org, "kim", "Kim", Role.QUALITY);
        server.staff(org, "pim", "Pim", Role.PROFESSIONAL, Role.SUPERVISOR);
        String admin = server.login(org, "ada");
        String quality = server.login(org, "kim");
        String professional = server.login(org, "pim");

        assertThat(server.get("/api/effects/report?period=month", quality).status()).isEqualTo(200);
        assertThat(server.get("/api/effects/report.csv?period=week", admin).status()).isEqualTo(200);
        assertThat(server.get("/api/effects/export?period=quarter", quality).status()).isEqualTo(200);
        assertThat(server.get("/api/effects/report", professional).status()).isEqualTo(403);
        assertThat(server.get("/api/effects/report").status()).isEqualTo(401);
        assertThat(server.get("/api/effects/report", server.anonymous(org)).status()).isEqualTo(403);
        assertThat(server.get("/api/effects/report?period=year", admin).status()).isEqualTo(400);
        assertThat(server.get("/api/effects/report?scope=not-ours", admin).status()).isEqualTo(404);

        assertThat(put(quality, "{\"opted_in\":true}").statusCode()).isEqualTo(403);
        assertThat(put(admin, "{\"opted_in\":\"ja\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> changed = put(admin, "{\"opted_in\":true}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"opted_in\":true");
        assertThat(server.get("/api/effects/participation", quality).body()).contains("\"opted_in\":true");
    }

    @Test
    void theBenchmarkComparesOnlyOptedInOrganisationsAndNeedsThree() throws Exception {
        Organisation a = organisationWithServed("noord", 10);
        Organisation b = organisationWithServed("zuid", 20);
        Organisation c = organisationWithServed("oost", 1000);    // does not take part
        Organisation d = organisationWithServed("west", 40);
        String adminA = login(a);
        put(adminA, "{\"opted_in\":true}");
        put(login(b), "{\"opted_in\":true}");
        String adminC = login(c);

        Map<String, Object> two = server.get("/api/effects/benchmark?period=month&from=2026-11-01&to=2026-11-30",
                adminA).json();
        assertThat(two.get("shown")).isEqualTo(false);
        assertThat(two.get("reason")).isEqualTo("TOO_FEW_ORGANISATIONS");
        assertThat(two.get("periods")).isEqualTo(List.of());

        put(login(d), "{\"opted_in\":true}");
        Map<String, Object> three = server.get("/api/effects/benchmark?period=month&from=2026-11-01&to=2026-11-30",
                adminA).json();
        assertThat(three.get("shown")).isEqualTo(true);
        Map<?, ?> served = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) three.get("periods")).get(0))
                .get("figures")).get("served");
        // 10, 20, 40 (not 1000): type-7 quartiles 15, 20, 30
        assertThat(((Map<?, ?>) served.get("own")).get("display")).isEqualTo("10");
        assertThat(((Map<?, ?>) served.get("q1")).get("display")).isEqualTo("15");
        assertThat(((Map<?, ?>) served.get("median")).get("display")).isEqualTo("20");
        assertThat(((Map<?, ?>) served.get("q3")).get("display")).isEqualTo("30");

        Map<String, Object> notTakingPart = server.get("/api/effects/benchmark?period=month&from=2026-11-01"
                + "&to=2026-11-30", adminC).json();
        assertThat(notTakingPart.get("shown")).isEqualTo(false);
        assertThat(notTakingPart.get("reason")).isEqualTo("NOT_OPTED_IN");
        assertThat(server.get("/api/effects/benchmark?period=month&from=2026-11-01&to=2026-11-30", adminC).body())
                .doesNotContain("1000").doesNotContain("noord").doesNotContain("zuid");
    }

    private Organisation organisationWithServed(String slug, long served) {
        Organisation org = server.organisation(slug);
        server.staff(org, "admin", "Admin " + slug, Role.ORG_ADMIN);
        server.server().store().effects().replacePeriod(new Effects.Period(org.id(), Effects.PeriodKind.MONTH,
                NOVEMBER, server.clock().instant(), List.of(
                        new Effects.Figure(Channel.OFFICE_HOUR_CHAT, Effects.ALL, "served", served),
                        new Effects.Figure(Channel.OFFICE_HOUR_CHAT, Effects.ALL, "joined", served + 5))));
        return org;
    }

    private String login(Organisation org) throws Exception {
        return server.login(org, "admin");
    }

    private HttpResponse<String> put(String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(server.server().http("/api/effects/participation"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
