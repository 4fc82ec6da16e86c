package nl.spreekuur.server.web;

import static nl.spreekuur.server.web.MessageList.literal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.officehours.OfficeHourValidator;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.AxeViolation;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The bugs of issue 14 ("Office hours, second round") that show in the browser, each at 375×667 and 1280×800 with
 * axe (no serious or critical violations) and screenshots ({@code round2-*}): quick exit and the app's own 404 on
 * every public page; "open, nobody free" instead of "closed"; a lost network shown at once and pending messages
 * that say they wait for it; long messages refused with the reason instead of cut; offline messages of every
 * office hour in one list; message regions with their own names; long names that fit a phone; plain B1 words.
 */
class SecondRoundBugsTest {
    private static final By CONNECTION_LOST = By.cssSelector(".conn[data-state=reconnecting]");
    /** One word longer than a 375 px phone is wide, as Dutch compounds can be. */
    private static final String LONG_NAME = "Schuldhulpverleningsinloopspreekuurvoorjongvolwassenen in Oost-Groningen";

    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    /**
     * One logged-in professional per viewport for the whole class (a browser start and a login each saved per
     * test). Every test ends and closes the chats it opens and leaves the professional on duty, so the next test
     * finds the work page as the first did.
     */
    private static final Map<Viewport, Browser> PROFESSIONALS = new EnumMap<>(Viewport.class);

    @AfterAll
    static void closeProfessionals() {
        PROFESSIONALS.values().forEach(Browser::close);
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void everyPublicPageHasQuickExitAndUnknownPathsGetTheAppsOwnNotFoundPage(Viewport viewport) {
        try (Browser browser = Browser.start(viewport)) {
            for (String path : List.of("/", "/s/" + WebTestServer.ORGANISATION, "/dit-bestaat-niet")) {
                browser.open(server.url(path));
                browser.waitFor(ClientPage.QUICK_EXIT);
                check(browser, "round2-quick-exit" + path.replace('/', '-'), viewport);
            }
            browser.waitForText(ClientPage.HEADING, "Deze pagina bestaat niet");

            browser.open(server.url("/"));
            browser.waitFor(By.cssSelector(".landing h1"));
            browser.pressKeys(Keys.SHIFT, Keys.SHIFT, Keys.SHIFT);
            browser.waitUntil("the neutral page", d -> d.getCurrentUrl().endsWith(WebTestServer.EXIT_PATH));
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void anOpenOfficeHourWithNobodyOnDutySaysItIsOpenAndTheLongNameFits(Viewport viewport) {
        OfficeHour nobody = alwaysOpenWithNobodyOnDuty("niemand-" + viewport.name().toLowerCase(Locale.ROOT));
        try (Browser browser = Browser.start(viewport)) {
            new ClientPage(browser).open(server.clientUrl(nobody));
            assertThat(browser.text(By.cssSelector(".badge"))).isEqualTo("Open, nu niemand vrij");
            browser.waitForText(By.cssSelector(".status__lines"), "Het spreekuur is open, maar er is nu niemand vrij");
            browser.waitForText(By.cssSelector(".offline"), "We lezen die zo snel als we kunnen.");
            assertThat(browser.text(By.cssSelector(".offline"))).doesNotContain("weer open");
            // the weekly schedule (issue 14's admin features): 14 slots read as one line
            browser.waitForText(By.cssSelector(".schedule"), "Elke dag, de hele dag en nacht.");
            assertThat(browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"))
                    .as("the long name wraps instead of widening the page").isEqualTo(true);
            check(browser, "round2-open-nobody-free", viewport);
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aLostNetworkShowsAtOnceAndPendingMessagesSayTheyWaitForIt(Viewport clientViewport) {
        String nickname = "Noa" + clientViewport.ordinal();
        ProPage professional = professional(Viewport.DESKTOP);
        try (Browser clientBrowser = Browser.start(clientViewport)) {
            ClientPage client = chatting(clientBrowser, professional, nickname);

            // Only the browser's "offline": the open socket itself stays up (Chromium blocks new traffic only), so
            // before the fix nothing showed until a heartbeat ping timed out, about 35 s later.
            clientBrowser.setOffline(true);
            clientBrowser.waitForText(CONNECTION_LOST, "De verbinding is even weg.");
            client.send("Hallo? Ik zie niks meer.");
            client.waitForStatusOfMine("Hallo? Ik zie niks meer.", "Wordt verstuurd zodra er weer verbinding is");
            check(clientBrowser, "round2-offline-pending", clientViewport);

            clientBrowser.setOffline(false);
            clientBrowser.waitUntilGone(CONNECTION_LOST);
            professional.waitForMessage(nickname, "Hallo? Ik zie niks meer.");
            endChat(professional, nickname);
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aTooLongMessageIsRefusedWithTheReasonAndKeptInsteadOfCut(Viewport viewport) {
        String nickname = "Lin" + viewport.ordinal();
        ProPage professional = professional(Viewport.DESKTOP);
        try (Browser clientBrowser = Browser.start(viewport)) {
            ClientPage client = chatting(clientBrowser, professional, nickname);
            String tooLong = "a".repeat(4010);
            paste(clientBrowser, tooLong);
            clientBrowser.waitForText(By.cssSelector(".chat__counter"), "10 tekens te veel.");
            client.click(ClientPage.SEND);
            clientBrowser.waitForText(By.cssSelector(".chat__error"), "Je bericht is te lang: 4010 tekens.");
            assertThat(clientBrowser.executeScript("return document.querySelector('.chat__input').value.length;"))
                    .as("nothing was cut").isEqualTo(4010L);
            check(clientBrowser, "round2-message-too-long", viewport);

            paste(clientBrowser, "b".repeat(3700));
            clientBrowser.waitForText(By.cssSelector(".chat__counter"), "Nog 300 tekens over.");
            client.click(ClientPage.SEND);
            client.waitForStatusOfMine("b".repeat(3700), "Gelezen");
            assertThat(clientBrowser.driver().findElements(By.cssSelector(".msg__text[dir=auto]"))).isNotEmpty();
            endChat(professional, nickname);

            // after the chat (issue 14's "end of chat" feature, national part): numbers that are always there;
            // no copy to save, the client did not choose to keep the chat
            clientBrowser.waitForText(By.cssSelector(".ended__now"), "0800-0113");
            assertThat(clientBrowser.driver().findElements(By.cssSelector(".ended__copy"))).isEmpty();
            check(clientBrowser, "round2-ended-what-now", viewport);
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void offlineMessagesOfEveryOfficeHourAreListedWithoutChoosingOne(Viewport viewport) {
        String text = "Bel mij terug over de huur (" + viewport.name() + ").";
        ProPage professional = professional(viewport);
        Browser proBrowser = professional.browser();
        try (Browser clientBrowser = Browser.start(Viewport.PHONE)) {
            new ClientPage(clientBrowser).open(server.clientUrl(server.closed()));
            clientBrowser.type(By.cssSelector("textarea[name=text]"), text);
            clientBrowser.click(By.xpath("//button[.='Bericht versturen']"));
            clientBrowser.waitForText(By.cssSelector(".notice--success"), "Je bericht is verstuurd.");

            professional.goTo("Offline berichten", "Offline berichten");
            proBrowser.waitFor(By.xpath("//ul[contains(@class,'offline-list')]/li[.//p[.=" + literal(text) + "]]"));
            proBrowser.waitForText(By.cssSelector(".offline-list"), server.closed().getName());
            check(proBrowser, "round2-offline-all", viewport);
        }
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void theWaitingPageUsesPlainWordsAndChatColumnsHaveTheirOwnNames(Viewport viewport) {
        ProPage professional = professional(viewport);
        Browser proBrowser = professional.browser();
        try (Browser clientA = Browser.start(Viewport.PHONE);
             Browser clientB = Browser.start(Viewport.PHONE)) {
            ClientPage a = new ClientPage(clientA).open(server.clientUrl(server.open()));
            assertThat(clientA.text(By.cssSelector(".choice"))).contains(server.open().getRetentionDays() + " dagen")
                    .doesNotContain("een tijdje");
            a.join("Ada" + viewport.ordinal(), "");
            clientA.waitForText(By.cssSelector(".waiting__lines"), "zie je dat op deze pagina");
            assertThat(clientA.text(By.cssSelector(".waiting__lines"))).doesNotContain("Je hoort het");
            ClientPage b = new ClientPage(clientB).open(server.clientUrl(server.open()));
            b.join("Bo" + viewport.ordinal(), "");

            professional.claim("Ada" + viewport.ordinal());
            professional.claim("Bo" + viewport.ordinal());
            List<Object> labels = new ArrayList<>((List<?>) proBrowser.executeScript(
                    "return [...document.querySelectorAll('.chat__scroller[role=region]')].map(r => r.getAttribute('aria-label'));"));
            assertThat(labels).containsExactlyInAnyOrder("Berichten met Ada" + viewport.ordinal(),
                    "Berichten met Bo" + viewport.ordinal());
            check(proBrowser, "round2-two-chats", viewport);
            for (String nickname : List.of("Ada" + viewport.ordinal(), "Bo" + viewport.ordinal())) {
                endChat(professional, nickname);
            }
        }
    }

    /** The class's professional at this viewport, logged in once and shown the work page. */
    private static ProPage professional(Viewport viewport) {
        Browser browser = PROFESSIONALS.get(viewport);
        if (browser == null) {
            browser = Browser.start(viewport);
            PROFESSIONALS.put(viewport, browser);
            return ProPage.logIn(browser, server, server.professional());
        }
        ProPage page = ProPage.attach(browser);
        if (!ProPage.WORK_TITLE.equals(browser.text(ProPage.HEADING))) {
            page.goTo("Werk", ProPage.WORK_TITLE);
        }
        browser.waitFor(By.cssSelector(".oh-card"));
        assertThat(browser.driver().findElements(By.cssSelector(".chat-panel")))
                .as("chats an earlier test left open (it failed before endChat)").isEmpty();
        return page;
    }

    /** Joins the always-open office hour and is picked up by the professional, who says hello. */
    private static ClientPage chatting(Browser clientBrowser, ProPage professional, String nickname) {
        ClientPage client = new ClientPage(clientBrowser).open(server.clientUrl(server.open()));
        client.join(nickname, "");
        professional.claim(nickname);
        professional.send(nickname, "Hoi " + nickname + ".");
        client.waitForMessage("Hoi " + nickname + ".");
        return client;
    }

    /** Ends and closes the chat, so the professional stays under the maximum of chats for the next test. */
    private static void endChat(ProPage professional, String nickname) {
        professional.clickChatAction(nickname, "Gesprek beëindigen");
        professional.confirmDialog("Gesprek beëindigen");
        professional.waitForPanelText(nickname, "Sluiten");
        professional.clickChatAction(nickname, "Sluiten");
        professional.browser().waitUntilGone(ProPage.chatPanel(nickname));
    }

    /** Puts text into the message box as a paste would (typing 4,000 keys one by one takes minutes). */
    private static void paste(Browser browser, String text) {
        browser.executeScript("const box = document.querySelector('.chat__input'); box.value = arguments[0];"
                + "box.dispatchEvent(new Event('input', {bubbles: true}));", text);
    }

    private static OfficeHour alwaysOpenWithNobodyOnDuty(String slug) {
        OfficeHour.Builder oh = OfficeHour.newBuilder().setOrganisationId(server.open().getOrganisationId())
                .setSlug(slug).setName(LONG_NAME).setTimeZone("Europe/Amsterdam")
                .addProfessionalIds(server.colleague().id());
        for (Weekday day : Weekday.values()) {
            if (day != Weekday.WEEKDAY_UNSPECIFIED && day != Weekday.UNRECOGNIZED) {
                oh.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("00:00").setEnd("12:00"));
                oh.addSlots(WeeklySlot.newBuilder().setDay(day).setStart("12:00").setEnd("00:00"));
            }
        }
        return server.server().store().officeHours().save(
                OfficeHourValidator.requireValid(OfficeHourValidator.withDefaults(oh.build())));
    }

    private static void check(Browser browser, String screen, Viewport viewport) {
        browser.screenshot(screen + "-" + viewport.name().toLowerCase(Locale.ROOT));
        List<String> serious = new ArrayList<>();
        for (AxeViolation violation : AxeCheck.run(browser)) {
            if (violation.isSerious()) {
                serious.add(violation.summary());
            }
        }
        assertThat(serious).as("serious or critical axe violations on " + screen).isEmpty();
    }
}
