package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * "Verwijder als spam" in the professional's queue: asked in a dialog (axe-checked), then the waiting place is gone
 * from the queue and from the stored waiting list, audited, and the client's session is blocked (its page loses it).
 */
class RemoveAsSpamBrowserTest {
    @AutoClose
    private final WebTestServer server = WebTestServer.start();

    @Test
    void professionalRemovesASpamPlace() {
        String nickname = "Bot7";
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
            client.join(nickname, "Koop nu goedkope horloges");
            professional.waitForWaiting(nickname);

            proBrowser.click(By.xpath("//li[contains(@class,'queue__item')][.//bdi[.='" + nickname
                    + "']]//button[@data-action='spam']"));
            proBrowser.waitFor(DialogHelper.OPEN_DIALOG);
            proBrowser.screenshot("spam-dialog");
            AxeCheck.assertNoSeriousViolations(proBrowser, "spam-dialog");
            DialogHelper.press(proBrowser, "Verwijder als spam");
            proBrowser.waitUntilGone(By.xpath("//li[contains(@class,'queue__item')][.//bdi[.='" + nickname + "']]"));

            clientBrowser.waitUntil("the client's page lost its session",
                    d -> !d.findElements(By.cssSelector(".waiting__position")).isEmpty() ? null : Boolean.TRUE);
            var entries = server.server().store().queue().waiting(server.open().getId());
            assertThat(entries).noneMatch(e -> e.nickname().equals(nickname));
            assertThat(server.server().store().audit().list(server.professional().account().organisationId(),
                    java.time.Instant.EPOCH, server.server().clock().instant().plusSeconds(60)))
                    .anyMatch(e -> e.action().equals("queue.remove_as_spam"));
        }
    }
}
