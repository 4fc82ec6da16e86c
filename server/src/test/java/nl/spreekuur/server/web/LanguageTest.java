package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Dutch is the default; English is one click away. Switching changes every text and {@code <html lang>}, and
 * whoever was in the middle of something (waiting in the queue, logged in) carries on where they were.
 */
class LanguageTest {
    private static final By LANGUAGE_BUTTON = By.cssSelector(".topbar button[lang]");

    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    private static String htmlLang(Browser browser) {
        return (String) browser.executeScript("return document.documentElement.lang;");
    }

    @Test
    void anInwonerSwitchesToEnglishWhileWaitingAndKeepsTheirPlace() {
        try (Browser browser = Browser.start(Viewport.PHONE)) {
            ClientPage client = new ClientPage(browser).open(server.clientUrl(server.open()));
            assertThat(htmlLang(browser)).isEqualTo("nl");
            assertThat(browser.text(ClientPage.QUICK_EXIT)).isEqualTo("Snel weg");
            assertThat(browser.text(By.id("join-title"))).isEqualTo("Chat starten");
            client.join("Ada", "");
            browser.waitForText(By.cssSelector(".waiting__position"), "Je bent de volgende.");

            client.click(LANGUAGE_BUTTON);
            browser.waitUntil("English", d -> "en".equals(htmlLang(browser)));
            client.waitForHeading("You are waiting for your turn");
            browser.waitForText(By.cssSelector(".waiting__position"), "You are next.");
            assertThat(browser.text(ClientPage.QUICK_EXIT)).isEqualTo("Leave now");
            assertThat(browser.text(LANGUAGE_BUTTON)).isEqualTo("Nederlands");
            assertThat(browser.text(By.cssSelector(".help-emergency"))).isEqualTo("Are you in danger? Call 112 right away.");
            browser.screenshot("language-client-waiting-en-phone");

            client.click(LANGUAGE_BUTTON);
            browser.waitUntil("Dutch again", d -> "nl".equals(htmlLang(browser)));
            client.waitForHeading("Je wacht op je beurt");
            assertThat(browser.text(ClientPage.QUICK_EXIT)).isEqualTo("Snel weg");
        }
    }

    @Test
    void aProfessionalSwitchesToEnglishAndStaysLoggedIn() {
        try (Browser browser = Browser.start(Viewport.DESKTOP)) {
            ProPage professional = ProPage.logIn(browser, server, server.professional());
            browser.click(LANGUAGE_BUTTON);
            browser.waitUntil("English", d -> "en".equals(htmlLang(browser)));
            browser.waitForText(ProPage.HEADING, "Office hours and queue");
            browser.waitForText(ProPage.officeHourCard(server.open().getName()), "You are on duty");
            assertThat(browser.text(By.cssSelector("nav"))).contains("Work", "Offline messages", "Statistics");
            browser.screenshot("language-pro-workspace-en-desktop");
            professional.goTo("Statistics", "Statistics");
        }
    }
}
