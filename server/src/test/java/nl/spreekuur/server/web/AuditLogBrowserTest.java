package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The audit-log page of the workspace: an org-admin sees the organisation's entries newest first (their own logins,
 * the colleague's failed one), filters on a kind of action and on a person, downloads the CSV, and the page passes
 * axe at phone and desktop size (screenshots {@code audit-*.png}).
 */
class AuditLogBrowserTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void orgAdminFiltersTheLogAndDownloadsIt(Viewport viewport) throws Exception {
        WebTestServer.Staff admin = server.professional();
        WebTestServer.Staff bram = server.colleague();
        try (Browser browser = Browser.start(viewport)) {
            browser.open(server.url("/pro/"));
            ProPage.attach(browser).fillLogin(new WebTestServer.Staff(bram.account(), bram.username(),
                    "niet-het-goede-wachtwoord"));
            browser.waitForText(By.cssSelector(".login .notice--error"), "Inloggen lukt niet.");

            browser.driver().findElement(By.cssSelector("input[name=organisation]")).clear();
            browser.driver().findElement(By.cssSelector("input[name=username]")).clear();
            ProPage page = ProPage.attach(browser);
            page.fillLogin(admin);
            browser.waitForText(ProPage.HEADING, ProPage.WORK_TITLE);
            page.goTo("Auditlog", "Auditlog");
            browser.waitFor(By.cssSelector(".audit-table tbody tr"));
            String name = "audit-" + viewport.name().toLowerCase(java.util.Locale.ROOT);
            browser.screenshot(name);
            AxeCheck.assertNoSeriousViolations(browser, name);

            new Select(browser.waitFor(By.cssSelector("select[name=action]"))).selectByVisibleText("Inloggen");
            browser.click(By.xpath("//button[.='Tonen']"));
            browser.waitUntil("only login lines", d -> {
                List<WebElement> rows = d.findElements(By.cssSelector(".audit-table tbody tr"));
                return !rows.isEmpty() && rows.stream().allMatch(r -> r.getAttribute("data-action").startsWith("login"))
                        && rows.stream().anyMatch(r -> "login.failed".equals(r.getAttribute("data-action")));
            });
            WebElement failed = browser.driver().findElement(By.cssSelector(".audit-table tr[data-action='login.failed']"));
            assertThat(failed.getText()).contains("Bram Jansen").contains("wrong-password");

            new Select(browser.driver().findElement(By.cssSelector("select[name=actor]")))
                    .selectByVisibleText(admin.displayName());
            browser.click(By.xpath("//button[.='Tonen']"));
            browser.waitUntil("only the admin's lines", d -> {
                List<WebElement> rows = d.findElements(By.cssSelector(".audit-table tbody tr"));
                return !rows.isEmpty() && rows.stream().allMatch(r -> r.getText().contains(admin.displayName()));
            });
            browser.screenshot(name + "-filtered");
            AxeCheck.assertNoSeriousViolations(browser, name + "-filtered");

            browser.click(By.cssSelector("button[data-action=csv]"));
            browser.waitForText(By.cssSelector(".audit [role=status]"), "Het CSV-bestand is gedownload.");
        }
    }
}
