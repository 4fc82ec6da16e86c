package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/**
 * The inwoner's network drops in the middle of a chat while the professional keeps writing, and the inwoner
 * writes too. When the network is back, every message is on both screens exactly once and in order: nothing is
 * lost, nothing is doubled (resume by seq on one side, retries with the same client message id on the other).
 */
class ReconnectTest {
    private static final By CONNECTION_LOST = By.cssSelector(".conn[data-state=reconnecting]");

    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @ParameterizedTest(name = "client on {0}")
    @EnumSource(Viewport.class)
    void messagesArriveOnceAndInOrderAfterTheNetworkComesBack(Viewport clientViewport) {
        Viewport proViewport = clientViewport == Viewport.PHONE ? Viewport.DESKTOP : Viewport.PHONE;
        String nickname = "Lars" + clientViewport.ordinal();
        try (Browser clientBrowser = Browser.start(clientViewport);
             Browser proBrowser = Browser.start(proViewport)) {
            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
            client.join(nickname, "");
            ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
            professional.claim(nickname);
            professional.send(nickname, "Hoi, hoe gaat het?");
            client.waitForMessage("Hoi, hoe gaat het?");
            client.send("Goed. Mijn internet is slecht.");
            professional.waitForMessage(nickname, "Goed. Mijn internet is slecht.");

            clientBrowser.loseNetwork();
            clientBrowser.waitForText(CONNECTION_LOST, "De verbinding is even weg.");
            List<String> whileAway = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                String text = "Bericht " + i + " terwijl je weg was.";
                whileAway.add(text);
                professional.send(nickname, text);
                professional.waitForStatusOfMine(nickname, text, "Verstuurd");
            }
            client.send("Ben je er nog?");
            client.send("Ik zie even niets.");
            client.waitForStatusOfMine("Ik zie even niets.", "Wordt verstuurd zodra er weer verbinding is");
            assertThat(clientBrowser.executeScript("const r = document.querySelector('.conn').getBoundingClientRect();"
                    + "return r.top >= 0 && r.bottom <= window.innerHeight;"))
                    .as("the lost connection is told where the inwoner is looking, at the bottom of the chat").isEqualTo(true);
            clientBrowser.screenshot("reconnect-offline-" + clientViewport.name().toLowerCase());

            clientBrowser.restoreNetwork();
            clientBrowser.waitUntilGone(CONNECTION_LOST);
            client.waitForMessage(whileAway.get(4));
            client.waitForStatusOfMine("Ik zie even niets.", "Gelezen");
            professional.waitForMessage(nickname, "Ik zie even niets.");

            List<String> expected = new ArrayList<>(List.of("Hoi, hoe gaat het?", "Goed. Mijn internet is slecht."));
            expected.addAll(whileAway);
            expected.addAll(List.of("Ben je er nog?", "Ik zie even niets."));
            assertThat(client.messageTexts()).containsExactlyElementsOf(expected);
            assertThat(professional.messageTexts(nickname)).containsExactlyElementsOf(expected);
            clientBrowser.screenshot("reconnect-back-" + clientViewport.name().toLowerCase());

            // Every message was stored once: a reload (history from the server) shows the same list.
            clientBrowser.driver().navigate().refresh();
            client.waitForMessage("Ik zie even niets.");
            clientBrowser.waitUntil("the whole history", d -> client.messageTexts().size() >= expected.size());
            assertThat(client.messageTexts()).containsExactlyElementsOf(expected);

            professional.clickChatAction(nickname, "Gesprek beëindigen");
            professional.confirmDialog("Gesprek beëindigen");
            client.waitForHeading("Het gesprek is afgelopen");
        }
    }
}
