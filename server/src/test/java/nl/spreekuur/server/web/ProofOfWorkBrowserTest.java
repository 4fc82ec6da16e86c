package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * With every new anonymous session asking for a proof of work ({@code anonymous.pow-above-per-minute=0}), an
 * inwoner on a phone-sized browser still joins the queue: the page solves the challenge (Web Crypto) and sends the
 * request again, without anything to do for the person.
 */
class ProofOfWorkBrowserTest {
    @AutoClose
    private final WebTestServer server = WebTestServer.start(Map.of("anonymous.pow-bits", "14",
            "anonymous.pow-above-per-minute", "0"));

    @Test
    void clientJoinsTheQueueUnderPressure() {
        try (Browser browser = Browser.start(Viewport.PHONE)) {
            ClientPage client = new ClientPage(browser).open(server.clientUrl(server.open()));
            client.join("Pim", "Ik wil iets vragen over zorg.");
            browser.waitFor(By.cssSelector(".waiting__position"));
            assertThat(browser.sessionStorageSize()).isPositive();
            // the first attempt's 429 is a failed resource in Chromium's log, nothing else went wrong
            assertThat(browser.consoleErrors()).allMatch(line -> line.contains("/api/anonymous") && line.contains("429"));
        }
    }
}
