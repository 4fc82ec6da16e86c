package nl.spreekuur.server.web;

import static nl.spreekuur.server.web.ChatToVideo.MEDIA_WAIT;
import static nl.spreekuur.server.web.ChatToVideo.awaitConnected;
import static nl.spreekuur.server.web.ChatToVideo.awaitVideo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.server.testsupport.CoturnProcess;
import nl.spreekuur.server.testsupport.UdpNat;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A video call's life beyond the happy path, with real media in headless Chromium against the real server (each
 * test its own server): a dropped connection that comes back (the call resumes over the same peer connections with
 * an ICE restart through the server), a page reloaded mid-call, TURN credentials renewed during the call, a declined invitation, one that is
 * not answered in time, a participant removed by the host, the "connection is weak" hint on a slow network and the
 * mesh limit of a group meeting.
 */
class VideoCallLifecycleTest {
    private static final By CONNECTION_LOST = By.cssSelector(".conn[data-state=reconnecting]");

    /** A real coturn on loopback with the TURN REST shared secret. */
    @AutoClose
    private static final CoturnProcess coturn = CoturnProcess.start("video-lifecycle-test-secret");
    /** A slow network in front of coturn: 150 ms each way per pass, so a relayed call's round trip is ~600 ms. */
    @AutoClose
    private static final UdpNat slowNetwork = UdpNat.start(coturn.port(), Duration.ofMillis(150));

    /** The server's settings: TURN through coturn (directly, or through the slow network), short timeouts. */
    private static WebTestServer server(int turnPort, String... more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "calls.stun-port", "0",
                "calls.turn-urls", "turn:127.0.0.1:" + turnPort + "?transport=udp",
                "calls.turn-secret", coturn.secret(),
                "calls.turn-ttl-seconds", "60",
                "calls.ring-timeout-seconds", "5",
                "jobs.interval-seconds", "0.5"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return WebTestServer.start(settings);
    }

    /**
     * The client's network drops mid-call (every WebSocket closed, new ones refused) and comes back: the page
     * connects again, re-binds the call (JoinCall) and restarts ICE on the peer connection it kept; the professional
     * answers on its own kept connection. No new peer connection on either side, the remote ICE credentials changed
     * (an ICE restart), connected again and video still decoded.
     */
    @Test
    void aDroppedConnectionResumesTheCallWithAnIceRestart() {
        try (WebTestServer server = server(coturn.port());
             Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Lotte", "Mijn wifi hapert.",
                    false);
            chat.connect("office-hour chat to video (reconnect test)");
            List<String> proSawUfrag = CallProbe.remoteIceUfrags(proBrowser);
            List<String> clientSawUfrag = CallProbe.remoteIceUfrags(clientBrowser);
            long proFrames = CallProbe.framesDecoded(proBrowser).get(0);

            clientBrowser.loseNetwork();
            clientBrowser.waitForText(CONNECTION_LOST, "De verbinding is even weg.");
            clientBrowser.restoreNetwork();
            clientBrowser.waitUntilGone(CONNECTION_LOST);

            await("the professional answered the client's ICE restart").atMost(MEDIA_WAIT)
                    .until(() -> !CallProbe.remoteIceUfrags(proBrowser).equals(proSawUfrag)
                            && !CallProbe.remoteIceUfrags(clientBrowser).equals(clientSawUfrag));
            awaitConnected(1, clientBrowser, proBrowser);
            assertThat(CallProbe.peerConnectionsCreated(clientBrowser)).as("the client kept its peer connection")
                    .isEqualTo(1);
            assertThat(CallProbe.peerConnectionsCreated(proBrowser)).as("the professional kept its own").isEqualTo(1);
            await("video keeps coming after the restart").atMost(MEDIA_WAIT)
                    .until(() -> CallProbe.framesDecoded(proBrowser).get(0) > proFrames + 30);
            awaitVideo(1, clientBrowser, proBrowser);
            chat.clientCall.waitForCall();
            clientBrowser.screenshot("call-after-reconnect-phone");
        }
    }

    /**
     * The client reloads the page mid-call: the new page has no peer connection, joins again from the pre-join and
     * offers from a new one; the professional's page sees an offer from another peer connection (another SDP session
     * id) and replaces its old connection with a new one, whether the offer or PARTICIPANT_RECONNECTED came first.
     */
    @Test
    void aReloadedPageRejoinsWithANewPeerConnection() {
        try (WebTestServer server = server(coturn.port());
             Browser clientBrowser = Browser.start(Viewport.DESKTOP);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Mila", "Even herladen.", false);
            chat.connect("office-hour chat to video (reload test)");

            clientBrowser.driver().navigate().refresh();
            chat.client.waitForHeading("Je chat nu met " + chat.pro);
            chat.clientCall.click(By.xpath("//button[.='Naar het videogesprek']"));
            chat.clientCall.waitForPreJoin("Er is een videogesprek");
            chat.clientCall.preJoinButton("Meedoen");
            awaitConnected(1, clientBrowser, proBrowser);
            assertThat(CallProbe.peerConnectionsCreated(proBrowser)).as("the professional's old connection replaced")
                    .isEqualTo(2);
            assertThat(CallProbe.peerConnectionsCreated(clientBrowser)).as("the reloaded page's one").isEqualTo(1);
            awaitVideo(1, clientBrowser, proBrowser);
        }
    }

    /**
     * TURN credentials that are about to expire are renewed by the page itself (RenewIceServers) and put on the
     * running peer connection (setConfiguration). The server's clock is set so that the first credentials have
     * little time left by the browser's clock, but the server's own push (a fifth of the lifetime left by the server's
     * clock) is not due: new credentials on the connection can only come from the page's request.
     */
    @Test
    void thePageRenewsItsTurnCredentialsDuringTheCall() {
        try (WebTestServer server = server(coturn.port());
             Browser clientBrowser = Browser.start(Viewport.DESKTOP);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Ruben", "Even bellen?", false);
            Instant serverNow = Instant.now().minusSeconds(45).truncatedTo(ChronoUnit.SECONDS);
            server.server().clock().set(serverNow);
            chat.connect("office-hour chat to video (TURN renewal test)");
            List<String> first = CallProbe.turnUsernames(clientBrowser);
            assertThat(first).containsExactly(serverNow.plusSeconds(60).getEpochSecond() + ":"
                    + first.get(0).split(":")[1]);

            Instant later = server.server().clock().advance(Duration.ofSeconds(5));
            String renewed = later.plusSeconds(60).getEpochSecond() + ":" + first.get(0).split(":")[1];
            await("the page asked for and applied fresh credentials").atMost(MEDIA_WAIT)
                    .until(() -> CallProbe.turnUsernames(clientBrowser).equals(List.of(renewed)));
            awaitConnected(1, clientBrowser, proBrowser);
        }
    }

    /** The client says no on the pre-join: the professional is told, both cameras are released. */
    @Test
    void aDeclinedInvitationEndsTheCall() {
        try (WebTestServer server = server(coturn.port());
             Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Fenna", "Liever chatten.",
                    false);
            chat.invite();
            chat.clientCall.preJoinButton("Nee, liever niet");
            chat.waitForProNotice("Het videogesprek gaat niet door: de uitnodiging is afgewezen.");
            clientBrowser.waitUntilGone(CallScreens.PRE_JOIN);
            await("cameras released").atMost(Browser.WAIT).until(() -> CallProbe.liveCaptureTracks(clientBrowser) == 0
                    && CallProbe.liveCaptureTracks(proBrowser) == 0);
            assertThat(CallProbe.peerConnectionsCreated(clientBrowser)).isZero();
            chat.client.send("Schrijven gaat beter.");
            chat.professional.waitForMessage(chat.nickname, "Schrijven gaat beter.");
        }
    }

    /** Nobody answers within the ring timeout (5 s here, by the server's clock): the call ends with "no answer". */
    @Test
    void anUnansweredInvitationTimesOut() {
        try (WebTestServer server = server(coturn.port());
             Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Joep", "Hallo.", false);
            chat.invite();
            server.server().clock().advance(Duration.ofSeconds(6));
            chat.waitForProNotice("Er werd niet opgenomen.");
            clientBrowser.waitUntilGone(CallScreens.PRE_JOIN);
            await("cameras released").atMost(Browser.WAIT).until(() -> CallProbe.liveCaptureTracks(clientBrowser) == 0
                    && CallProbe.liveCaptureTracks(proBrowser) == 0);
        }
    }

    /**
     * The host removes the client from the call: the client is told and its camera released at once; with nobody
     * left the call ends for the host too. The chat goes on.
     */
    @Test
    void theHostRemovesAParticipant() {
        try (WebTestServer server = server(coturn.port());
             Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Iris", "Bellen?", false);
            chat.connect("office-hour chat to video (remove test)");
            chat.proCall.click(By.xpath("//section[contains(@class,'call')]//div[contains(@class,'call__people')]"
                    + "//button[.='Iris uit het gesprek halen']"));
            DialogHelper.press(proBrowser, "Uit het gesprek halen");
            chat.clientCall.waitForEnded("De hulpverlener heeft je uit het videogesprek gehaald.");
            await("the client's camera released and connection closed").atMost(Browser.WAIT)
                    .until(() -> CallProbe.liveCaptureTracks(clientBrowser) == 0
                            && CallProbe.states(clientBrowser).isEmpty());
            chat.waitForProNotice("Iedereen is weg uit het videogesprek.");
            chat.client.send("Oké, dan schrijf ik.");
            chat.professional.waitForMessage(chat.nickname, "Oké, dan schrijf ik.");
        }
    }

    /**
     * On a slow network (relayed through coturn behind a 150 ms-each-way link: a round trip of ~600 ms) the page
     * says the connection is weak and offers to switch the camera off; pressing it switches the camera off, hides
     * the hint and the other side sees "camera uit".
     */
    @Test
    void aSlowConnectionShowsTheWeakHint() {
        try (WebTestServer server = server(slowNetwork.port());
             Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, "Daan", "Slecht bereik hier.",
                    true);
            chat.connect("office-hour chat to video, relay over a slow link (weak hint test)");
            By hint = By.cssSelector("section.call .call__weak");
            clientBrowser.waitUntil("the weak-connection hint",
                    d -> d.findElement(hint).isDisplayed() ? Boolean.TRUE : null);
            assertThat(clientBrowser.text(hint)).contains("Je verbinding is zwak. Zet je camera uit, dan gaat het beter.");
            clientBrowser.screenshot("call-weak-phone");
            chat.clientCall.click(By.cssSelector("section.call .call__weak button"));
            chat.proCall.waitForTileText(chat.nickname, "camera uit");
            clientBrowser.waitUntil("the hint gone", d -> d.findElement(hint).isDisplayed() ? null : Boolean.TRUE);
            assertThat(slowNetwork.forwarded()).isPositive();
        }
    }

    /**
     * A group meeting with the mesh limit set to 2: the moderator and one member are in; a second member is refused
     * with the documented error (LIMIT_REACHED), shown in plain words on the pre-join;
     * the two in the call stay connected.
     */
    @Test
    void aFullMeetingRefusesOneMore() {
        try (WebTestServer server = server(coturn.port(), "calls.max-participants", "2");
             Browser anna = Browser.start(Viewport.DESKTOP);
             Browser mieke = Browser.start(Viewport.PHONE);
             Browser jan = Browser.start(Viewport.PHONE)) {
            CallScreens host = ChatToVideo.meetingAtPreJoin(server, anna, mieke, jan);
            host.preJoinButton("Online bijeenkomst starten");
            host.waitForCall();
            CallScreens second = new CallScreens(mieke);
            second.click(By.xpath("//button[.='Naar het videogesprek']"));
            second.waitForPreJoin("Er is een videogesprek");
            second.preJoinButton("Meedoen");
            second.waitForCall();
            awaitConnected(1, anna, mieke);

            CallScreens third = new CallScreens(jan);
            third.click(By.xpath("//button[.='Naar het videogesprek']"));
            third.waitForPreJoin("Er is een videogesprek");
            third.preJoinButton("Meedoen");
            jan.waitForText(By.cssSelector(".call-prejoin [role=alert]"),
                    "Er doen al zoveel mensen mee als kan. Probeer het later nog eens.");
            jan.screenshot("call-meeting-full-phone");
            assertThat(CallProbe.peerConnectionsCreated(jan)).isZero();
            assertThat(CallProbe.connected(anna, 1) && CallProbe.connected(mieke, 1)).isTrue();
        }
    }
}
