package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.server.auth.TotpCodes;
import nl.spreekuur.server.testsupport.Base32;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Two-step verification in the browser: an org-admin sets up TOTP on /pro/security (QR code and key, the app's code,
 * the recovery codes once), makes it required for professionals, a professional is asked to enrol at their next
 * login and does, and the admin's own next login asks for the code. axe finds no serious or critical violation on
 * any of these screens; screenshots {@code totp-*.png} in target/screenshots.
 */
class SecondFactorBrowserTest {
    private static final By MANUAL_KEY = By.cssSelector("[data-manual-key]");

    @AutoClose
    private final WebTestServer server = WebTestServer.start();
    private final TotpCodes codes = new TotpCodes();

    @Test
    void adminEnrolsRequiresItForProfessionalsWhoEnrolAtLogin() {
        WebTestServer.Staff admin = server.professional();
        WebTestServer.Staff bram = server.colleague();
        byte[] adminSecret;
        try (Browser browser = Browser.start(Viewport.DESKTOP)) {
            ProPage page = ProPage.logIn(browser, server, admin);
            page.goTo("Inlogbeveiliging", "Inlogbeveiliging");
            browser.waitForText(By.cssSelector("[data-second-factor]"), "staat uit");
            check(browser, "totp-security-off");

            browser.click(By.xpath("//button[.='Instellen']"));
            adminSecret = Base32.decode(browser.waitFor(MANUAL_KEY).getAttribute("data-manual-key"));
            assertThat(browser.driver().findElement(By.cssSelector("svg.totp-qr path")).getAttribute("d"))
                    .startsWith("M4 4h1v1h-1z");
            check(browser, "totp-enrol");
            browser.click(By.xpath("//button[.='Bevestigen']"));
            browser.waitForText(By.cssSelector(".field__error:not([hidden])"), "Vul de 6 cijfers");
            browser.type(By.cssSelector("input[name=code]"), codeNow(adminSecret));
            browser.click(By.xpath("//button[.='Bevestigen']"));
            browser.waitFor(By.cssSelector(".recovery-codes__list li"));
            assertThat(browser.driver().findElements(By.cssSelector(".recovery-codes__list li"))).hasSize(10);
            check(browser, "totp-recovery-codes");
            browser.click(By.xpath("//button[.='Ik heb de codes bewaard']"));
            browser.waitForText(By.cssSelector("[data-second-factor]"), "staat aan");

            browser.click(By.xpath("//label[.='Hulpverleners']"));
            browser.click(By.xpath("//form[.//legend]//button[.='Opslaan']"));
            browser.waitForText(By.cssSelector("[data-policy-status]"), "Opgeslagen.");
            check(browser, "totp-security-admin");
        }

        try (Browser browser = Browser.start(Viewport.PHONE)) {
            browser.open(server.url("/pro/"));
            ProPage page = ProPage.attach(browser);
            page.fillLogin(bram);
            byte[] bramSecret = Base32.decode(browser.waitFor(MANUAL_KEY).getAttribute("data-manual-key"));
            browser.waitForText(By.cssSelector(".second-factor .notice"), "Je organisatie vraagt een tweede stap");
            check(browser, "totp-login-enrol");
            browser.type(By.cssSelector("input[name=code]"), "000000".equals(codeNow(bramSecret)) ? "111111" : "000000");
            browser.click(By.cssSelector("form button[type=submit]"));
            browser.waitForText(By.cssSelector(".field__error:not([hidden])"), "Deze code klopt niet");
            check(browser, "totp-login-wrong-code");
            WebElement code = browser.driver().findElement(By.cssSelector("input[name=code]"));
            code.clear();
            code.sendKeys(codeNow(bramSecret));
            browser.click(By.cssSelector("form button[type=submit]"));
            browser.waitForText(ProPage.HEADING, "Tweestapsverificatie staat aan");
            assertThat(browser.driver().findElements(By.cssSelector(".recovery-codes__list li"))).hasSize(10);
            check(browser, "totp-login-recovery-codes");
            browser.click(By.xpath("//button[.='Ik heb de codes bewaard, verder']"));
            browser.waitForText(ProPage.HEADING, ProPage.WORK_TITLE);
        }

        server.server().clock().advance(Duration.ofSeconds(30));
        try (Browser browser = Browser.start(Viewport.DESKTOP)) {
            browser.open(server.url("/pro/"));
            ProPage.attach(browser).fillLogin(admin);
            browser.waitForText(By.cssSelector(".second-factor .notice"), "Vul nu de code uit je authenticator-app in");
            assertThat(browser.driver().findElements(MANUAL_KEY)).isEmpty();
            check(browser, "totp-login-code");
            browser.type(By.cssSelector("input[name=code]"), codeNow(adminSecret));
            browser.click(By.cssSelector("form button[type=submit]"));
            browser.waitForText(ProPage.HEADING, ProPage.WORK_TITLE);
            // the first login step is a 401 SECOND_FACTOR_REQUIRED, which Chromium logs as a failed resource
            assertThat(browser.consoleErrors()).allMatch(line -> line.contains("/api/login") && line.contains("401"));
        }
    }

    private static void check(Browser browser, String screen) {
        browser.screenshot(screen);
        AxeCheck.assertNoSeriousViolations(browser, screen);
    }

    private String codeNow(byte[] secret) {
        return codes.codeAt(secret, TotpCodes.stepOf(server.server().clock().instant()));
    }
}
