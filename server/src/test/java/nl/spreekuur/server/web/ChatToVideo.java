package nl.spreekuur.server.web;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;

/**
 * The steps the video browser tests share, as a person takes them: a client and the professional in an office-hour
 * chat; the professional starts video from it; the client passes the pre-join and waits in the lobby; the
 * professional lets them in and both peer connections reach "connected". Tests call the steps one by one when they
 * look at something in between (axe-core, screenshots), or {@link #connect} for all of them.
 */
final class ChatToVideo {
    /** Generous: on a loaded 2-core machine three browsers need a while; the waits end as soon as it is there. */
    static final Duration MEDIA_WAIT = Duration.ofSeconds(60);

    final Browser clientBrowser;
    final Browser proBrowser;
    final ClientPage client;
    final ProPage professional;
    final CallScreens clientCall;
    final CallScreens proCall;
    final String nickname;
    final String pro;

    private ChatToVideo(Browser clientBrowser, Browser proBrowser, ClientPage client, ProPage professional,
                        String nickname, String pro) {
        this.clientBrowser = clientBrowser;
        this.proBrowser = proBrowser;
        this.client = client;
        this.professional = professional;
        this.clientCall = new CallScreens(clientBrowser);
        this.proCall = new CallScreens(proBrowser);
        this.nickname = nickname;
        this.pro = pro;
    }

    /**
     * The demo group's online meeting up to the host's pre-join: every browser gets the {@link CallProbe}, the
     * members join "Mantelzorgers Noord" by its invite, the professional opens the group and starts the meeting.
     * Returns the host's call screens, at the pre-join.
     */
    static CallScreens meetingAtPreJoin(WebTestServer server, Browser host, Browser mieke, Browser jan) {
        for (Browser browser : new Browser[] {host, mieke, jan}) {
            CallProbe.install(browser);
        }
        new RoomPage(mieke).openInvite(server, server.roomInvite()).join("Mieke");
        new RoomPage(jan).openInvite(server, server.roomInvite()).join("Jan");
        ProPage.logIn(host, server, server.professional()).goTo("Groepen", "Groepen");
        host.click(By.xpath("//ul[contains(@class,'rooms-list')]//a[starts-with(normalize-space(.), "
                + "'Mantelzorgers Noord')]"));
        CallScreens screens = new CallScreens(host);
        screens.click(By.xpath("//button[.='Online bijeenkomst starten']"));
        screens.waitForPreJoin("Online bijeenkomst starten");
        return screens;
    }

    /**
     * Both browsers get the {@link CallProbe}; the client joins the open office hour, the professional logs in and
     * picks them up. With {@code relayOnly} both force TURN relay (the documented sessionStorage setting).
     */
    static ChatToVideo openChat(WebTestServer server, Browser clientBrowser, Browser proBrowser, String nickname,
                                String question, boolean relayOnly) {
        CallProbe.install(clientBrowser);
        CallProbe.install(proBrowser);
        ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
        if (relayOnly) {
            CallProbe.forceRelay(clientBrowser);
        }
        client.join(nickname, question);
        ProPage professional = ProPage.logIn(proBrowser, server, server.professional());
        if (relayOnly) {
            CallProbe.forceRelay(proBrowser);
        }
        professional.claim(nickname);
        String pro = server.professional().displayName();
        client.waitForHeading("Je chat nu met " + pro);
        return new ChatToVideo(clientBrowser, proBrowser, client, professional, nickname, pro);
    }

    /** The professional starts video from the chat: pre-join, start; the call rings for the client. */
    CallTimer invite() {
        professional.clickChatAction(nickname, "Video starten");
        proCall.waitForPreJoin("Videogesprek starten");
        CallTimer timer = new CallTimer();
        proCall.preJoinButton("Videogesprek starten");
        proCall.waitForCall();
        proBrowser.waitForText(By.cssSelector("section.call .call__status"), "We bellen " + nickname);
        clientCall.waitForPreJoin(pro + " wil met je videobellen");
        return timer;
    }

    /** The client joins from the pre-join and waits in the lobby. */
    void acceptToLobby() {
        clientCall.preJoinButton("Meedoen");
        clientCall.waitForLobby();
    }

    /** The professional lets the client in; returns when both are connected, with the admitted → connected ms. */
    long admitAndConnect() {
        proCall.admit(nickname);
        long admitted = System.nanoTime();
        awaitConnected(1, clientBrowser, proBrowser);
        return (System.nanoTime() - admitted) / 1_000_000;
    }

    /** All steps: invite, accept, admit; both connected and decoding video. Prints the figures as {@code what}. */
    void connect(String what) {
        CallTimer timer = invite();
        acceptToLobby();
        timer.print(what, admitAndConnect());
        awaitVideo(1, clientBrowser, proBrowser);
    }

    /** This chat's column on the professional's page. */
    By proChatColumn() {
        return ProPage.chatPanel(nickname);
    }

    /** Waits until the professional's column of this chat shows the "call ended" notice with {@code text}. */
    void waitForProNotice(String text) {
        By ended = By.xpath("//section[contains(@class,'chat-panel')][.//h2[starts-with(., "
                + MessageList.literal(nickname) + ")]]//*[contains(@class,'call-ended')]");
        await("the professional sees: " + text).atMost(MEDIA_WAIT)
                .until(() -> proBrowser.driver().findElements(ended).stream()
                        .anyMatch(e -> e.getText().contains(text)));
    }

    /** Waits until every browser has {@code peers} peer connections, all "connected"; says what each had if not. */
    static void awaitConnected(int peers, Browser... browsers) {
        try {
            await("peer connections connected").atMost(MEDIA_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (Browser browser : browsers) {
                    if (!CallProbe.connected(browser, peers)) {
                        return false;
                    }
                }
                return true;
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder seen = new StringBuilder();
            for (Browser browser : browsers) {
                seen.append(' ').append(browser).append(": ").append(CallProbe.states(browser))
                        .append(" screenshot ").append(browser.screenshot(browser + "-not-connected"));
            }
            throw new AssertionError("not every pair connected:" + seen, e);
        }
    }

    /** Waits until every browser decodes video from each of its {@code peers} peer connections. */
    static void awaitVideo(int peers, Browser... browsers) {
        try {
            await("video frames decoded").atMost(MEDIA_WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (Browser browser : browsers) {
                    if (!CallProbe.decodingVideo(browser, peers)) {
                        return false;
                    }
                }
                return true;
            });
        } catch (ConditionTimeoutException e) {
            StringBuilder seen = new StringBuilder();
            for (Browser browser : browsers) {
                seen.append(' ').append(browser).append(": frames ").append(CallProbe.framesDecoded(browser))
                        .append(", states ").append(CallProbe.states(browser))
                        .append(", ").append(CallProbe.videoDiagnostics(browser));
            }
            throw new AssertionError("not every connection decodes video:" + seen, e);
        }
    }
}
