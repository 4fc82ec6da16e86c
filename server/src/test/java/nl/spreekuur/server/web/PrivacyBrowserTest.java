package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Privacy rights in the browser: after the chat ended the inwoner erases it ("Gesprek wissen", asked twice) and it
 * is gone from the store; an org-admin deletes a colleague's account on /pro/accounts (asked twice), after which it
 * is no longer listed and cannot log in. Also the professional's role badge and the isolated (bdi) names in the
 * chat and the queue. axe on the new screens (screenshots {@code privacy-*.png}).
 */
class PrivacyBrowserTest {
    @AutoClose
    private final WebTestServer server = WebTestServer.start();

    @Test
    void clientErasesTheEndedChat() {
        String nickname = "Noor";
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
            client.join(nickname, "Ik heb een vraag over mijn huur.");
            professional.waitForWaiting(nickname);
            assertThat(proBrowser.text(By.cssSelector(".queue__name bdi"))).isEqualTo(nickname);
            professional.claim(nickname);
            professional.send(nickname, "Goedemiddag.");
            client.waitForMessage("Goedemiddag.");
            // the professional's role badge comes from the server; names are isolated (bdi)
            assertThat(clientBrowser.text(By.cssSelector(".msg--theirs .badge--role"))).isEqualTo("Hulpverlener");
            assertThat(clientBrowser.text(By.cssSelector(".msg--theirs .msg__who bdi")))
                    .isEqualTo(server.professional().displayName());
            clientBrowser.screenshot("privacy-client-role-badge");
            AxeCheck.assertNoSeriousViolations(clientBrowser, "privacy-client-role-badge");
            professional.clickChatAction(nickname, "Gesprek beëindigen");
            professional.confirmDialog("Gesprek beëindigen");
            client.waitForHeading("Het gesprek is afgelopen");
            String conversationId = conversationOf(nickname);

            clientBrowser.click(By.cssSelector("button[data-action=delete-chat]"));
            clientBrowser.waitForText(By.cssSelector(".ended__delete [role=status]"), "Weet je het zeker?");
            clientBrowser.screenshot("privacy-client-delete-confirm");
            AxeCheck.assertNoSeriousViolations(clientBrowser, "privacy-client-delete-confirm");
            clientBrowser.click(By.cssSelector("button[data-action=delete-confirm]"));
            clientBrowser.waitForText(By.cssSelector(".ended__delete [role=status]"), "Het gesprek is gewist.");
            clientBrowser.screenshot("privacy-client-deleted");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    server.server().store().conversations().byId(conversationId).isEmpty());
        }
    }

    @Test
    void orgAdminDeletesAColleaguesAccount() throws Exception {
        WebTestServer.Staff bram = server.colleague();
        try (Browser browser = Browser.start(Viewport.DESKTOP)) {
            ProPage page = ProPage.logIn(browser, server, server.professional());
            page.goTo("Medewerkers", "Medewerkers");
            browser.click(By.cssSelector("li[data-username=bram] button"));
            browser.click(By.cssSelector("button[data-action=delete-account]"));
            browser.waitForText(By.cssSelector(".account-delete [role=status]"), "Weet je het zeker?");
            browser.screenshot("privacy-account-delete-confirm");
            AxeCheck.assertNoSeriousViolations(browser, "privacy-account-delete-confirm");
            browser.click(By.cssSelector("button[data-action=delete-account-confirm]"));
            browser.waitUntilGone(By.cssSelector("li[data-username=bram]"));
        }
        assertThat(server.server().store().accounts().byId(bram.id()).orElseThrow().displayName()).isEmpty();
    }

    private String conversationOf(String nickname) {
        return server.server().store().audit().list(server.professional().account().organisationId(),
                java.time.Instant.EPOCH, server.server().clock().instant().plusSeconds(60)).stream()
                .filter(e -> e.action().equals("conversation.assign")).map(e -> e.targetId()).findFirst()
                .orElseThrow(() -> new AssertionError("no chat of " + nickname + " was assigned"));
    }
}
