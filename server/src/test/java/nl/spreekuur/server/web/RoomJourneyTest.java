package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A peer-support group end to end in real browsers against the real server: two members join the demo group
 * "Mantelzorgers Noord" through its invite link and talk with each other in real time (reply, react, edit, delete);
 * the credential survives a reload on the same device.
 */
class RoomJourneyTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @Test
    void membersJoinByLinkAndTalk() {
        try (Browser ria = Browser.start(Viewport.PHONE);
             Browser jan = Browser.start(Viewport.DESKTOP)) {
            RoomPage first = new RoomPage(ria).openInvite(server, server.roomInvite());
            ria.waitForText(RoomPage.HEADING, "Mantelzorgers Noord");
            ria.screenshot("room-invite-phone");
            first.click(By.xpath("//button[.='Meedoen met de groep']"));
            ria.waitForText(By.cssSelector(".field__error:not([hidden])"), "Vul een naam in.");
            ria.type(By.cssSelector("input[name=nickname]"), "Moderator Piet");
            first.click(By.xpath("//button[.='Meedoen met de groep']"));
            ria.waitForText(By.cssSelector(".field__error:not([hidden])"), "lijkt op die van een moderator");
            ria.driver().findElement(By.cssSelector("input[name=nickname]")).clear();
            first.join("Mieke");
            // History from before the join (the group shows its full history) and the group's people.
            first.waitForMessage("Welkom in de groep! Stel je gerust even voor.");
            first.send("Hallo allemaal, ik ben Mieke.");

            RoomPage second = new RoomPage(jan).openInvite(server, server.roomInvite());
            second.join("Jan");
            second.waitForMessage("Hallo allemaal, ik ben Mieke.");
            second.act("Hallo allemaal, ik ben Mieke.", "Antwoorden");
            jan.waitForText(By.cssSelector(".chat__reply"), "Je antwoordt op Mieke");
            second.send("Welkom Mieke!");
            first.waitForMessage("Welkom Mieke!");
            first.waitForMessagePart("Welkom Mieke!", "Jij: Hallo allemaal, ik ben Mieke.");
            second.waitForMessagePart("Welkom Mieke!", "Mieke: Hallo allemaal, ik ben Mieke.");
            first.act("Welkom Mieke!", "Hartje");
            second.waitForMessagePart("Welkom Mieke!", "❤️ 1");
            second.act("Welkom Mieke!", "Bewerken");
            DialogHelper.press(jan, "Annuleren");
            second.act("Welkom Mieke!", "Bewerken");
            jan.waitFor(DialogHelper.OPEN_DIALOG);
            jan.driver().findElement(By.cssSelector("dialog[open] textarea")).clear();
            jan.type(By.cssSelector("dialog[open] textarea"), "Welkom Mieke, fijn dat je er bent!");
            DialogHelper.press(jan, "Opslaan");
            first.waitForMessagePart("Welkom Mieke, fijn dat je er bent!", "(bewerkt)");
            first.send("Dit stuur ik per ongeluk.");
            first.act("Dit stuur ik per ongeluk.", "Verwijderen");
            DialogHelper.press(ria, "Verwijderen");
            second.waitForMessage("Dit bericht is verwijderd.");
            second.waitUntilNoMessage("Dit stuur ik per ongeluk.");
            ria.screenshot("room-member-phone");
            jan.screenshot("room-member-desktop");

            // The credential is kept on this device: a reload (and opening the link again) goes straight back in.
            ria.driver().navigate().refresh();
            ria.waitFor(RoomPage.INPUT);
            first.waitForMessage("Welkom Mieke, fijn dat je er bent!");
            assertThat(ria.consoleErrors()).as("only the refused nickname's answer")
                    .allMatch(error -> error.contains("/api/rooms/join") && error.contains("400"));
            assertThat(jan.consoleErrors()).isEmpty();
        }
    }
}
