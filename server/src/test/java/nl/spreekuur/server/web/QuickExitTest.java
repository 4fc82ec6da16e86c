package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * "Snel weg": an inwoner in a chat leaves at once, by the button or by pressing Shift three times. The page lands
 * on the neutral site (web.exit-url = /neutral.html), nothing is left in web storage, the chat is not in the back
 * history, and the professional sees that the client left in a hurry (reason QUICK_EXIT).
 */
class QuickExitTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @Test
    void theButtonLeavesAtOnceAndLeavesNothingBehind() {
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ClientPage client = chatting(clientBrowser, proBrowser, "Robin");
            long historyBefore = clientBrowser.historyLength();

            client.click(ClientPage.QUICK_EXIT);

            assertLeftWithoutTrace(clientBrowser, historyBefore, "quick-exit-button");
            assertProfessionalSeesHurriedExit(proBrowser, "Robin");
        }
    }

    @Test
    void threeShiftPressesLeaveButCapitalsInTheTextDoNot() {
        try (Browser clientBrowser = Browser.start(Viewport.DESKTOP);
             Browser proBrowser = Browser.start(Viewport.PHONE)) {
            ClientPage client = chatting(clientBrowser, proBrowser, "Kim");
            long historyBefore = clientBrowser.historyLength();

            // Capitals are typed with Shift held: they must not count towards the shortcut, however many there are.
            client.send("Ik Ben Er Weer, Sorry Voor De Stilte.");
            client.waitForMessage("Ik Ben Er Weer, Sorry Voor De Stilte.");
            clientBrowser.pressKeys(Keys.SHIFT, Keys.SHIFT);
            assertThat(clientBrowser.currentUrl()).as("two presses are not enough").contains("/s/demo/inloop");

            clientBrowser.pressKeys(Keys.SHIFT);

            assertLeftWithoutTrace(clientBrowser, historyBefore, "quick-exit-shift");
            assertProfessionalSeesHurriedExit(proBrowser, "Kim");
        }
    }

    /**
     * The inwoner came from the organisation's website (here: the landing page), joined and is now chatting with
     * the professional, who logged in on the other browser.
     */
    private static ClientPage chatting(Browser clientBrowser, Browser proBrowser, String nickname) {
        clientBrowser.open(server.url("/"));
        clientBrowser.waitFor(By.cssSelector(".landing h1"));
        ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
        client.join(nickname, "ik durf het niet thuis te vertellen");
        ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
        professional.claim(nickname);
        professional.send(nickname, "Hoi " + nickname + ", ik ben er.");
        client.waitForMessage("Hoi " + nickname + ", ik ben er.");
        assertThat(clientBrowser.sessionStorageSize()).as("the token is kept for this tab").isPositive();
        clientBrowser.executeScript("localStorage.setItem('left-by-someone-else', 'x');");
        return client;
    }

    private static void assertLeftWithoutTrace(Browser clientBrowser, long historyBefore, String screenshot) {
        clientBrowser.waitUntil("the neutral page", d -> d.getCurrentUrl().endsWith(WebTestServer.EXIT_PATH));
        clientBrowser.waitForText(By.tagName("h1"), "Het weer vandaag");
        clientBrowser.screenshot(screenshot);
        assertThat(clientBrowser.sessionStorageSize()).isZero();
        assertThat(clientBrowser.localStorageSize()).isZero();
        assertThat(clientBrowser.historyLength()).as("the chat's history entry was replaced, not added to")
                .isEqualTo(historyBefore);

        clientBrowser.driver().navigate().back();
        clientBrowser.waitUntil("the page before the chat", d -> !d.getCurrentUrl().endsWith(WebTestServer.EXIT_PATH));
        assertThat(clientBrowser.currentUrl()).doesNotContain("/s/");
        clientBrowser.waitFor(By.cssSelector(".landing h1"));
        assertThat(clientBrowser.driver().findElements(By.cssSelector(".chat, .client"))).isEmpty();
        assertThat(clientBrowser.sessionStorageSize()).as("nothing came back").isZero();
    }

    private static void assertProfessionalSeesHurriedExit(Browser proBrowser, String nickname) {
        ProPage professional = ProPage.attach(proBrowser);
        professional.waitForSystemLine(nickname, "De cliënt is snel weggegaan (Snel weg).");
        professional.waitForPanelText(nickname, "Sluiten");
        proBrowser.screenshot("quick-exit-pro-" + proBrowser.viewport().name().toLowerCase());
        professional.clickChatAction(nickname, "Sluiten");
        proBrowser.waitUntilGone(ProPage.chatPanel(nickname));
    }
}
