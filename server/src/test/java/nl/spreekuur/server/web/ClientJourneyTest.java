package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;

/**
 * The main story, end to end in two real browsers against the real server: an inwoner joins the queue (and types
 * while waiting), a professional logs in through the UI and picks them up, they chat both ways with typing
 * indicator and read receipts, the inwoner allows keeping the transcript, and the chat ends.
 */
class ClientJourneyTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    /** Who ends the chat. */
    enum Ender { PROFESSIONAL, CLIENT }

    static Stream<Arguments> arrangements() {
        return Stream.of(
                Arguments.of(Viewport.PHONE, Viewport.DESKTOP, Ender.PROFESSIONAL, "Sam"),
                Arguments.of(Viewport.DESKTOP, Viewport.PHONE, Ender.CLIENT, "Noor"));
    }

    @ParameterizedTest(name = "client {0}, professional {1}, {2} ends")
    @MethodSource("arrangements")
    void joinChatAndEnd(Viewport clientViewport, Viewport proViewport, Ender ender, String nickname) {
        String shot = "journey-client-" + clientViewport.name().toLowerCase() + "-";
        String proShot = "journey-pro-" + proViewport.name().toLowerCase() + "-";
        String pro = server.professional().displayName();
        try (Browser clientBrowser = Browser.start(clientViewport);
             Browser proBrowser = Browser.start(proViewport)) {
            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
            assertThat(clientBrowser.text(By.cssSelector(".badge"))).isEqualTo("Nu open");
            assertThat(clientBrowser.text(By.cssSelector(".status__lines")))
                    .as("open around the clock: no closing time is shown").doesNotContain("Open tot");
            client.join(nickname, "Mijn zoon wil niet naar school.");
            clientBrowser.waitForText(By.cssSelector(".waiting__position"), "Je bent de volgende.");
            client.send("Ik wacht even.");
            client.waitForStatusOfMine("Ik wacht even.", "Verstuurd");
            clientBrowser.screenshot(shot + "waiting");

            ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
            professional.waitForWaiting(nickname);
            proBrowser.waitForText(By.cssSelector(".queue__item"), "Mijn zoon wil niet naar school.");
            proBrowser.screenshot(proShot + "queue");
            professional.claim(nickname);
            professional.waitForPanelText(nickname, "Eerste vraag: Mijn zoon wil niet naar school.");
            professional.waitForMessage(nickname, "Ik wacht even.");

            client.waitForHeading("Je chat nu met " + pro);
            client.waitForSystemLine(pro + " chat nu met je.");

            // Typing indicator both ways, then messages both ways with read receipts.
            professional.typeInChat(nickname, "Hallo " + nickname + ", fijn dat je er bent.");
            clientBrowser.waitForText(ClientPage.TYPING, pro + " is aan het typen…");
            professional.clickSend(nickname);
            client.waitForMessage("Hallo " + nickname + ", fijn dat je er bent.");
            professional.waitForStatusOfMine(nickname, "Hallo " + nickname + ", fijn dat je er bent.", "Gelezen");

            clientBrowser.type(ClientPage.MESSAGE_INPUT, "Hij is al een week thuis.");
            proBrowser.waitForText(By.cssSelector(professional.panelSelector(nickname) + " .chat__typing"),
                    nickname + " is aan het typen…");
            client.click(ClientPage.SEND);
            professional.waitForMessage(nickname, "Hij is al een week thuis.");
            client.waitForStatusOfMine("Hij is al een week thuis.", "Gelezen");
            assertThat(client.messageTexts()).containsExactly("Ik wacht even.",
                    "Hallo " + nickname + ", fijn dat je er bent.", "Hij is al een week thuis.");
            assertThat(professional.messageTexts(nickname)).containsExactly("Ik wacht even.",
                    "Hallo " + nickname + ", fijn dat je er bent.", "Hij is al een week thuis.");
            clientBrowser.screenshot(shot + "chat");
            proBrowser.screenshot(proShot + "chat");

            // Transcript choice: the inwoner changes their mind; the professional is told.
            client.click(By.cssSelector(".chat-head__consent summary"));
            clientBrowser.waitForText(By.cssSelector(".chat-head__consent summary"), "Gesprek bewaren: nee");
            client.click(By.cssSelector("label[for=consent-toggle]"));
            clientBrowser.waitForText(By.cssSelector(".chat-head__consent summary"), "Gesprek bewaren: ja");
            client.waitForSystemLine("Je hebt gekozen: het gesprek mag bewaard worden.");
            professional.waitForSystemLine(nickname, "De cliënt geeft toestemming om het gesprek te bewaren.");

            if (ender == Ender.PROFESSIONAL) {
                professional.clickChatAction(nickname, "Gesprek beëindigen");
                professional.confirmDialog("Gesprek beëindigen");
                client.waitForHeading("Het gesprek is afgelopen");
                clientBrowser.waitForText(By.cssSelector("#main .card"), "De hulpverlener heeft het gesprek afgesloten.");
                professional.waitForSystemLine(nickname, "Het gesprek is beëindigd door de hulpverlener.");
            } else {
                client.click(By.xpath("//button[.='Gesprek stoppen']"));
                DialogHelper.press(clientBrowser, "Ja, stoppen");
                client.waitForHeading("Het gesprek is afgelopen");
                clientBrowser.waitForText(By.cssSelector("#main .card"), "Je hebt het gesprek gestopt.");
                professional.waitForSystemLine(nickname, "De cliënt heeft het gesprek gestopt.");
            }
            assertThat(clientBrowser.driver().findElements(ClientPage.MESSAGE_INPUT))
                    .as("nothing can be written after the end").allMatch(input -> !input.isDisplayed());
            clientBrowser.screenshot(shot + "ended");
            proBrowser.screenshot(proShot + "ended");
            professional.clickChatAction(nickname, "Sluiten");
            proBrowser.waitUntilGone(ProPage.chatPanel(nickname));

            assertThat(clientBrowser.consoleErrors()).isEmpty();
            assertThat(proBrowser.consoleErrors()).isEmpty();
        }
    }
}
