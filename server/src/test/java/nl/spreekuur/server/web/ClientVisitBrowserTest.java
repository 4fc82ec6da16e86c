package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.AxeViolation;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/**
 * "Onthoud op dit apparaat dat ik hier eerder was" on the join form, in a real browser at phone and desktop size:
 * the box is unticked by default and the form passes axe with it; joining without it keeps nothing on the device
 * and tells the server nothing; ticked, the join works, the device keeps only the mark {@code true} for this
 * organisation, the server counts one first visit, and quick exit ("Snel weg") takes the mark away. Screenshots
 * {@code a11y-client-join-remember-<viewport>.png}.
 */
class ClientVisitBrowserTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    private static final By REMEMBER = By.cssSelector("input[name=rememberVisit]");
    private static final String MARKS = "return Object.keys(localStorage).filter(k => k.startsWith('spreekuur.visited.'))"
            + ".map(k => k + '=' + localStorage.getItem(k));";

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void theBoxIsUntickedByDefaultAndTickedTheDeviceKeepsOnlyAMarkUntilQuickExit(Viewport viewport) {
        String suffix = viewport.name().toLowerCase(Locale.ROOT);
        try (Browser browser = Browser.start(viewport); Browser other = Browser.start(viewport)) {
            // without the tick: joined, nothing kept, nothing told
            ClientPage declined = new ClientPage(other).open(server.clientUrl(server.open()));
            assertThat(other.waitFor(REMEMBER).isSelected()).isFalse();
            long before = visits().size();
            declined.join("Noor" + viewport.ordinal(), "");
            assertThat(other.executeScript(MARKS)).isEqualTo(List.of());
            assertThat(visits()).hasSize((int) before);

            ClientPage client = new ClientPage(browser).open(server.clientUrl(server.open()));
            browser.waitFor(By.id("join-title"));
            assertThat(browser.waitFor(REMEMBER).isSelected()).as("unticked by default").isFalse();
            assertThat(browser.text(By.cssSelector("label[for=remember-visit]")))
                    .isEqualTo("Onthoud op dit apparaat dat ik hier eerder was (alleen om te tellen, zonder naam)");
            browser.executeScript("window.scrollTo(0, 0);");
            browser.screenshot("a11y-client-join-remember-" + suffix);
            List<String> serious = AxeCheck.run(browser).stream().filter(AxeViolation::isSerious)
                    .map(AxeViolation::summary).toList();
            assertThat(serious).as("serious or critical axe violations at " + viewport).isEmpty();

            client.click(REMEMBER);
            assertThat(browser.waitFor(REMEMBER).isSelected()).isTrue();
            client.join("Sam" + viewport.ordinal(), "");
            assertThat(browser.executeScript(MARKS)).as("only the mark, nothing else")
                    .isEqualTo(List.of("spreekuur.visited." + WebTestServer.ORGANISATION + "=true"));
            assertThat(visits()).hasSize((int) before + 1).last().isEqualTo(1L);

            assertThat(browser.consoleErrors()).as("on the office hour's page").isEmpty();
            client.click(ClientPage.QUICK_EXIT);
            browser.waitUntil("left for the neutral page", d -> d.getCurrentUrl().contains(WebTestServer.EXIT_PATH)
                    ? true : null);
            assertThat(browser.executeScript(MARKS)).as("quick exit takes the mark away").isEqualTo(List.of());
        }
    }

    /** The VISIT facts of the open office hour, in the order recorded. */
    private static List<Long> visits() {
        String id = server.open().getId();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Amsterdam"));
        return server.server().store().statistics().rows(id, today.minusDays(1), today.plusDays(1)).stream()
                .filter(r -> r.fact() == StatisticsLog.Fact.VISIT).map(StatisticsLog.Row::value).toList();
    }
}
