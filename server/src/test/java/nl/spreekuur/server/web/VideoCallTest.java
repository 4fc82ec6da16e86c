package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static nl.spreekuur.server.web.ChatToVideo.MEDIA_WAIT;
import static nl.spreekuur.server.web.ChatToVideo.awaitConnected;
import static nl.spreekuur.server.web.ChatToVideo.awaitVideo;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Map;
import nl.spreekuur.server.testsupport.CoturnProcess;
import nl.spreekuur.server.testsupport.UdpNat;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/**
 * Chat to video with real media in two headless Chromiums (fake camera and microphone) against the real server:
 * the professional starts video from an office-hour chat, the client passes the pre-join (preview, level meter)
 * and the lobby, the professional lets them in, and both browsers' peer connections reach "connected" and decode
 * video frames (getStats, inbound-rtp framesDecoded). axe-core checks the pre-join, lobby and call screens.
 * Each test prints the time from the invitation to both sides connected (BENCHMARKS.md, "Video consults").
 */
class VideoCallTest {
    /** The server's embedded STUN responder, reached through a stand-in NAT so that a srflx candidate appears. */
    private static final int STUN_PORT = freeUdpPort();
    @AutoClose
    private static final UdpNat nat = UdpNat.start(STUN_PORT);
    /** A real coturn on loopback with the TURN REST shared secret (the relay test forces its use). */
    @AutoClose
    private static final CoturnProcess coturn = CoturnProcess.start("video-call-test-secret");
    @AutoClose
    private static final WebTestServer server = WebTestServer.start(Map.of(
            "calls.stun-port", String.valueOf(STUN_PORT),
            "calls.stun-urls", "stun:127.0.0.1:" + nat.port(),
            "calls.turn-urls", "turn:127.0.0.1:" + coturn.port() + "?transport=udp",
            "calls.turn-secret", coturn.secret()));

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Client on a phone, professional on a desktop. The browsers ask the server's embedded STUN responder for their
     * address (a srflx candidate appears) and connect over host candidates on this machine.
     */
    @Test
    void officeHourChatToVideoConnectsAndDecodesVideo() {
        String nickname = "Sam";
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, nickname,
                    "Kunnen we even bellen?", false);
            ClientPage client = chat.client;
            ProPage professional = chat.professional;
            CallScreens proCall = chat.proCall;
            CallScreens clientCall = chat.clientCall;
            CallTimer timer = chat.invite();
            timer.pause(() -> {
                clientCall.waitForSound();
                AxeCheck.assertNoSeriousViolations(clientBrowser, "call-prejoin-phone");
                clientBrowser.screenshot("call-prejoin-phone");
            });
            chat.acceptToLobby();
            timer.pause(() -> {
                AxeCheck.assertNoSeriousViolations(clientBrowser, "call-lobby-phone");
                clientBrowser.screenshot("call-lobby-phone");
                // The chat stays usable while waiting and during the call.
                client.send("Ik zit in de wachtkamer.");
                professional.waitForMessage(nickname, "Ik zit in de wachtkamer.");
            });

            timer.print("office-hour chat to video, host candidates", chat.admitAndConnect());
            assertThat(CallProbe.gatheredCandidateTypes(clientBrowser)).as("the embedded STUN responder answered")
                    .contains("host", "srflx");
            assertThat(nat.forwarded()).isPositive();
            awaitVideo(1, clientBrowser, proBrowser);
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
            clientCall.waitForTileText(chat.pro, "camera uit");
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

    /**
     * The same through TURN only: both browsers force {@code iceTransportPolicy: "relay"} (the documented setting)
     * and connect through a real coturn with the server's time-limited credentials. Then the client uses quick
     * exit: the call ends at once and the professional is told.
     */
    @Test
    void relayThroughCoturnAndQuickExitEndsTheCall() {
        try (Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Noor", "Liever via video.",
                    true);
            chat.connect("office-hour chat to video, TURN relay only (coturn)");
            assertThat(CallProbe.policies(clientBrowser)).containsExactly("relay");
            assertThat(CallProbe.policies(proBrowser)).containsExactly("relay");
            assertThat(CallProbe.selectedLocalCandidateTypes(clientBrowser)).containsExactly("relay");
            assertThat(CallProbe.selectedLocalCandidateTypes(proBrowser)).containsExactly("relay");
            assertThat(CallProbe.gatheredCandidateTypes(clientBrowser)).containsExactly("relay");

            // Quick exit in a call: the client's page is gone at once, the call ends and the professional is told.
            clientBrowser.click(ClientPage.QUICK_EXIT);
            clientBrowser.waitUntil("on the neutral page", d -> d.getCurrentUrl().endsWith(WebTestServer.EXIT_PATH));
            chat.waitForProNotice("De cliënt is snel weggegaan. Het videogesprek is meteen gestopt.");
            await("the professional's camera released and connection closed").atMost(Browser.WAIT)
                    .until(() -> CallProbe.liveCaptureTracks(proBrowser) == 0 && CallProbe.states(proBrowser).isEmpty());
        }
    }

    /**
     * A scheduled consult: the professional plans it (phone) and gets the one-time link; the client (desktop) opens
     * it, passes the pre-join and the lobby and is let in. The link works once: a second opening is refused, and
     * after the consult's call ended the link says so in plain words.
     */
    @Test
    void scheduledConsultLinkWorksOnce() {
        try (Browser clientBrowser = Browser.start(Viewport.DESKTOP);
             Browser proBrowser = Browser.start(Viewport.PHONE)) {
            CallProbe.install(clientBrowser);
            CallProbe.install(proBrowser);
            ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
            professional.goTo("Videoconsulten", "Videoconsulten");
            proBrowser.type(By.cssSelector("input[name=label]"), "Intake Kim");
            proBrowser.click(By.xpath("//form//button[@type='submit'][.='Consult plannen']"));
            String link = proBrowser.waitFor(By.cssSelector(".consult-result input.consult-link")).getAttribute("value");
            assertThat(link).startsWith(server.url("/v/"));
            proBrowser.screenshot("consult-planned-phone");
            proBrowser.click(By.xpath("//li[contains(@class,'consult-item')][contains(., 'Intake Kim')]"
                    + "//a[.='Naar het consult']"));
            proBrowser.waitForText(By.cssSelector("#main h1"), "Videoconsult");
            proBrowser.waitFor(By.xpath("//button[.='Videogesprek starten']"));

            CallTimer timer = new CallTimer();
            clientBrowser.open(link);
            clientBrowser.waitForText(By.cssSelector("#main h1"), "Videogesprek met " + WebTestServer.ORGANISATION_NAME);
            clientBrowser.type(By.cssSelector("input[name=nickname]"), "Kim");
            clientBrowser.click(By.xpath("//button[.='Naar het videogesprek']"));
            CallScreens clientCall = new CallScreens(clientBrowser);
            CallScreens proCall = new CallScreens(proBrowser);
            clientCall.waitForPreJoin("Doe mee met het videogesprek");
            timer.pause(() -> {
                clientCall.waitForSound();
                AxeCheck.assertNoSeriousViolations(clientBrowser, "call-prejoin-desktop");
                clientBrowser.screenshot("call-prejoin-desktop");
            });
            clientCall.preJoinButton("Meedoen");
            clientCall.waitForLobby();
            timer.pause(() -> {
                AxeCheck.assertNoSeriousViolations(clientBrowser, "call-lobby-desktop");
                clientBrowser.screenshot("call-lobby-desktop");
            });

            proCall.waitForPreJoin("De cliënt wacht op je in het videogesprek");
            proCall.preJoinButton("Meedoen");
            proCall.admit("Kim");
            long admitted = System.nanoTime();
            awaitConnected(1, clientBrowser, proBrowser);
            timer.print("scheduled consult (link opened -> connected)", (System.nanoTime() - admitted) / 1_000_000);
            awaitVideo(1, clientBrowser, proBrowser);
            clientCall.waitForCall();
            AxeCheck.assertNoSeriousViolations(clientBrowser, "call-screen-desktop");
            AxeCheck.assertNoSeriousViolations(proBrowser, "call-screen-pro-phone");
            clientBrowser.screenshot("call-screen-desktop");
            proBrowser.screenshot("call-screen-pro-phone");

            // The link worked once: opened again (a new tab, nothing stored) it is refused.
            assertThat(openInNewTab(clientBrowser, link)).contains("Deze link is al gebruikt.");

            proCall.control("Gesprek stoppen voor iedereen");
            DialogHelper.press(proBrowser, "Gesprek stoppen voor iedereen");
            clientCall.waitForEnded("De hulpverlener heeft het videogesprek gestopt.");
            assertThat(openInNewTab(clientBrowser, link)).contains("Dit videogesprek is afgelopen.");
            // The refused link's 410 answers are logged by the browser; nothing else may be.
            assertThat(clientBrowser.consoleErrors()).allMatch(e -> e.contains("/api/public/consults/") && e.contains("410"));
        }
    }

    /**
     * The online meeting of a group room with three participants (a full mesh): the moderator starts it from the
     * room, two members join from the room's page; every pair connects and decodes video. A member who hangs up
     * leaves the others connected.
     */
    @Test
    void groupMeetingConnectsEveryPair() {
        try (Browser anna = Browser.start(Viewport.DESKTOP);
             Browser mieke = Browser.start(Viewport.PHONE);
             Browser jan = Browser.start(Viewport.PHONE)) {
            CallScreens host = ChatToVideo.meetingAtPreJoin(server, anna, mieke, jan);
            CallTimer timer = new CallTimer();
            host.preJoinButton("Online bijeenkomst starten");
            host.waitForCall();
            for (Browser member : new Browser[] {mieke, jan}) {
                CallScreens call = new CallScreens(member);
                call.click(By.xpath("//button[.='Naar het videogesprek']"));
                call.waitForPreJoin("Er is een videogesprek");
                call.preJoinButton("Meedoen");
                call.waitForCall();
            }
            long lastJoined = System.nanoTime();
            awaitConnected(2, anna, mieke, jan);
            timer.print("group meeting, 3 participants (mesh)", (System.nanoTime() - lastJoined) / 1_000_000);
            awaitVideo(2, anna, mieke, jan);
            mieke.screenshot("call-meeting-phone");
            anna.screenshot("call-meeting-desktop");
            // at the top of the page: scrolled down, the room's own buttons pass under the sticky top bar (with
            // "Snel weg"), which axe's target-size counts as an overlap
            mieke.executeScript("window.scrollTo(0, 0);");
            AxeCheck.assertNoSeriousViolations(mieke, "call-meeting-phone");

            new CallScreens(jan).control("Ophangen");
            await("Jan gone, Anna and Mieke still connected").atMost(MEDIA_WAIT)
                    .until(() -> CallProbe.connected(anna, 1) && CallProbe.connected(mieke, 1)
                            && CallProbe.states(jan).isEmpty() && CallProbe.liveCaptureTracks(jan) == 0);
        }
    }

    /** Opens {@code url} in a new tab (its own sessionStorage), returns the page's text and closes the tab again. */
    private static String openInNewTab(Browser browser, String url) {
        String original = browser.driver().getWindowHandle();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        try {
            browser.open(url);
            return browser.waitForText(By.cssSelector("#main h1"), "Deze link werkt niet").findElement(By.xpath(".."))
                    .getText();
        } finally {
            browser.driver().close();
            browser.driver().switchTo().window(original);
        }
    }
}
