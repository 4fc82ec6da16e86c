package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Chat to video with real media in two headless Chromiums (fake camera and microphone) against the real server:
 * the professional starts video from an office-hour chat, the client passes the pre-join (preview, level meter)
 * and the lobby, the professional lets them in, and both browsers' peer connections reach "connected" and decode
 * video frames (getStats, inbound-rtp framesDecoded). axe-core checks the pre-join, lobby and call screens.
 * Each test prints the time from the invitation to both sides connected (BENCHMARKS.md, "Video consults").
 */
class VideoCallTest {
    private static final Duration MEDIA_WAIT = Duration.ofSeconds(20);

    @AutoClose
    private static final WebTestServer server = WebTestServer.start(Map.of());

    /** Client on a phone, professional on a desktop; host candidates on this machine. */
    @Test
    void officeHourChatToVideoConnectsAndDecodesVideo() {
        String nickname = "Sam";
        String pro = server.professional().displayName();
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            CallProbe.install(clientBrowser);
            CallProbe.install(proBrowser);
            ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
            client.join(nickname, "Kunnen we even bellen?");
            ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
            professional.claim(nickname);
            client.waitForHeading("Je chat nu met " + pro);

            CallScreens proCall = new CallScreens(proBrowser);
            CallScreens clientCall = new CallScreens(clientBrowser);
            professional.clickChatAction(nickname, "Video starten");
            proCall.waitForPreJoin("Videogesprek starten");
            long invited = System.nanoTime();
            proCall.preJoinButton("Videogesprek starten");
            proCall.waitForCall();
            proBrowser.waitForText(By.cssSelector("section.call .call__status"), "We bellen " + nickname);

            clientCall.waitForPreJoin(pro + " wil met je videobellen");
            clientCall.waitForSound();
            AxeCheck.assertNoSeriousViolations(clientBrowser, "call-prejoin-phone");
            clientBrowser.screenshot("call-prejoin-phone");
            clientCall.preJoinButton("Meedoen");
            clientCall.waitForLobby();
            AxeCheck.assertNoSeriousViolations(clientBrowser, "call-lobby-phone");
            clientBrowser.screenshot("call-lobby-phone");

            // The chat stays usable while waiting and during the call.
            client.send("Ik zit in de wachtkamer.");
            professional.waitForMessage(nickname, "Ik zit in de wachtkamer.");

            proCall.admit(nickname);
            await("both peer connections connected").atMost(MEDIA_WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> CallProbe.connected(clientBrowser, 1) && CallProbe.connected(proBrowser, 1));
            long connectedMs = (System.nanoTime() - invited) / 1_000_000;
            System.out.printf("[video] office-hour chat to video, host candidates: invite -> connected %d ms%n",
                    connectedMs);
            await("video frames decoded on both sides").atMost(MEDIA_WAIT)
                    .until(() -> CallProbe.decodingVideo(clientBrowser, 1) && CallProbe.decodingVideo(proBrowser, 1));
            assertThat(CallProbe.policies(clientBrowser)).containsExactly("all");

            clientCall.waitForCall();
            AxeCheck.assertNoSeriousViolations(clientBrowser, "call-screen-phone");
            AxeCheck.assertNoSeriousViolations(proBrowser, "call-screen-pro-desktop");
            clientBrowser.screenshot("call-screen-phone");
            proBrowser.screenshot("call-screen-pro-desktop");

            // Microphone and camera state are shown to the other side.
            clientCall.control("Microfoon uitzetten");
            proCall.waitForTileText(nickname, "microfoon uit");
            proCall.control("Camera uitzetten");
            clientCall.waitForTileText(pro, "camera uit");
            client.send("Hoor je me nog?");
            professional.waitForMessage(nickname, "Hoor je me nog?");

            // The host ends the call for everyone: the client's camera and microphone are released at once.
            proCall.control("Gesprek stoppen voor iedereen");
            DialogHelper.press(proBrowser, "Gesprek stoppen voor iedereen");
            clientCall.waitForEnded("De hulpverlener heeft het videogesprek gestopt.");
            await("camera and microphone released").atMost(Browser.WAIT)
                    .until(() -> CallProbe.liveCaptureTracks(clientBrowser) == 0
                            && CallProbe.liveCaptureTracks(proBrowser) == 0);
            assertThat(CallProbe.states(clientBrowser)).isEmpty();
            client.send("Dank je wel.");
            professional.waitForMessage(nickname, "Dank je wel.");
            assertThat(clientBrowser.consoleErrors()).isEmpty();
            assertThat(proBrowser.consoleErrors()).isEmpty();
        }
    }
}
