package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The group room screens with axe-core (WCAG 2.x A and AA) at phone and desktop size: the invite page (also with
 * a refused nickname, and a link that does not work), the member's room, the groups of this device (/g), and the
 * moderator's group list, room,
 * members, invites, moderation page, safety page (reports, waiting messages, hours, house rules), settings, a
 * moderation dialog and the member's report dialog: no serious or critical violations, and no
 * "null" or "undefined" on screen. The member does it all with the keyboard only: Tab to the house rules box, Space,
 * Tab to the name field, Enter to
 * join, Enter to send, Tab to "Meer" under a message, Enter, Tab to a reaction, Enter. Screenshots:
 * {@code a11y-room-<screen>-<viewport>.png}.
 */
class RoomAccessibilityTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    private static final class Screens {
        private final Viewport viewport;
        private final List<String> problems = new ArrayList<>();
        private final List<String> checked = new ArrayList<>();

        Screens(Viewport viewport) {
            this.viewport = viewport;
        }

        void check(Browser browser, String screen) {
            browser.screenshot("a11y-room-" + screen + "-" + viewport.name().toLowerCase(Locale.ROOT));
            checked.add(screen);
            problems.addAll(AxeCheck.screenProblems(browser, screen));
        }
    }

    /** Waits until the page's live region has said {@code text} (it is visually hidden). */
    private static void announced(Browser browser, String text) {
        browser.waitUntil("announced: " + text, driver -> Boolean.TRUE.equals(browser.executeScript(
                "return document.getElementById('live').textContent.includes(arguments[0]);", text)) ? true : null);
    }

    /** Presses Tab until the focused element matches {@code selector} (at most 60 times). */
    private static void tabTo(Browser browser, String selector) {
        for (int i = 0; i < 60; i++) {
            Object hit = browser.executeScript("return document.activeElement && document.activeElement.matches(arguments[0]);",
                    selector);
            if (Boolean.TRUE.equals(hit)) {
                return;
            }
            browser.pressKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void everyRoomScreenPassesAxeAndWorksByKeyboard(Viewport viewport) {
        Screens screens = new Screens(viewport);
        String nickname = "Toetsenbord" + viewport.ordinal();
        try (Browser member = Browser.start(viewport);
             Browser pro = Browser.start(viewport)) {
            // --- the member, keyboard only
            member.open(server.url("/g/bestaat-niet-" + viewport.ordinal()));
            member.waitForText(RoomPage.HEADING, "Deze uitnodiging werkt niet");
            screens.check(member, "invite-unknown");

            member.open(server.url("/g/" + server.roomInvite()));
            member.waitForText(RoomPage.HEADING, "Mantelzorgers Noord");
            screens.check(member, "invite");
            tabTo(member, "input[name=nickname]");
            member.pressKeys(Keys.ENTER);
            member.waitForText(By.cssSelector(".field__error:not([hidden])"), "Vul een naam in.");
            screens.check(member, "invite-error");
            tabTo(member, "input[name=acceptHouseRules]");
            member.pressKeys(Keys.SPACE);
            tabTo(member, "input[name=nickname]");
            member.driver().switchTo().activeElement().sendKeys(nickname, Keys.ENTER);
            member.waitFor(RoomPage.INPUT);
            RoomPage room = new RoomPage(member);
            room.waitForMessage("Welkom in de groep! Stel je gerust even voor.");
            tabTo(member, ".room .chat__input");
            member.driver().switchTo().activeElement().sendKeys("Hallo, ik doe mee met het toetsenbord.");
            if (viewport == Viewport.PHONE) {
                // On a touch screen Enter makes a new line; the send button is the next stop.
                tabTo(member, ".room .chat__send");
            }
            member.pressKeys(Keys.ENTER);
            room.waitForMessage("Hallo, ik doe mee met het toetsenbord.");
            tabTo(member, "li[data-seq] .msg__more summary[aria-label^='Meer bij het bericht van Ria']");
            member.pressKeys(Keys.ENTER);
            tabTo(member, "button[aria-label='Duim omhoog']");
            member.pressKeys(Keys.ENTER);
            member.waitFor(By.xpath(RoomPage.messageXpath("Hoi, ik ben Ria. Ik zorg voor mijn moeder, ze heeft dementie.")
                    + "//ul[contains(@class,'msg__reactions')]//button[@aria-pressed='true']"));
            screens.check(member, "member-room");
            // Reporting a message: "Meer" → "Melden" opens a dialog with an optional reason.
            room.act("Hoi, ik ben Ria. Ik zorg voor mijn moeder, ze heeft dementie.", "Melden");
            member.waitFor(DialogHelper.OPEN_DIALOG);
            screens.check(member, "member-report-dialog");
            DialogHelper.press(member, "Annuleren");
            member.open(server.url("/g"));
            member.waitForText(By.cssSelector(".oh-list"), "Mantelzorgers Noord");
            screens.check(member, "my-groups");

            // --- the moderator
            ProPage.logIn(pro, server, server.professional()).goTo("Groepen", "Groepen");
            pro.waitFor(By.cssSelector(".rooms-list"));
            screens.check(pro, "pro-rooms");
            pro.click(By.xpath("//ul[contains(@class,'rooms-list')]//a[starts-with(normalize-space(.), "
                    + "'Mantelzorgers Noord')]"));
            RoomPage moderator = new RoomPage(pro);
            moderator.waitForMessage("Hallo, ik doe mee met het toetsenbord.");
            screens.check(pro, "pro-room-conversation");
            moderator.act("Hallo, ik doe mee met het toetsenbord.", "Verbergen");
            pro.waitFor(DialogHelper.OPEN_DIALOG);
            screens.check(pro, "pro-room-hide-dialog");
            DialogHelper.press(pro, "Annuleren");

            moderator.click(By.xpath("//nav//a[.='Leden']"));
            pro.waitFor(By.xpath("//table//th[.=" + MessageList.literal(nickname) + "]"));
            screens.check(pro, "pro-room-members");
            moderator.click(By.xpath("//table//button[normalize-space(.)=" + MessageList.literal("Stilzetten " + nickname)
                    + "]"));
            try {
                pro.waitFor(DialogHelper.OPEN_DIALOG);
            } catch (AssertionError e) {
                throw new AssertionError("console: " + pro.consoleErrors(), e);
            }
            screens.check(pro, "pro-room-mute-dialog");
            DialogHelper.press(pro, "Annuleren");

            moderator.click(By.xpath("//nav//a[.='Uitnodigingen']"));
            pro.waitFor(By.cssSelector(".room-table"));
            moderator.click(By.xpath("//button[.='Link maken']"));
            pro.waitForText(By.cssSelector(".notice--success"), "/g/");
            screens.check(pro, "pro-room-invites");

            moderator.click(By.xpath("//nav//a[.='Moderatie']"));
            pro.waitForText(RoomPage.HEADING, "Mantelzorgers Noord");
            pro.waitFor(By.xpath("//h2[.='Moderatielogboek']"));
            pro.waitUntilGone(By.cssSelector(".loading"));
            screens.check(pro, "pro-room-moderation");

            moderator.click(By.xpath("//nav//a[.='Veiligheid']"));
            pro.waitFor(By.xpath("//h2[.='Meldingen']"));
            pro.waitUntilGone(By.cssSelector(".loading"));
            pro.waitFor(By.cssSelector(".room-safety-page form"));
            screens.check(pro, "pro-room-safety");

            moderator.click(By.xpath("//nav//a[.='Instellingen']"));
            pro.waitFor(By.cssSelector("input[name=name]"));
            screens.check(pro, "pro-room-settings");
            pro.click(By.xpath("//a[starts-with(., '←')]"));
            pro.click(By.xpath("//a[.='Nieuwe groep']"));
            pro.waitForText(RoomPage.HEADING, "Nieuwe groep");
            screens.check(pro, "pro-room-new");
            assertThat(member.consoleErrors()).as("only the unknown invite's answer")
                    .allMatch(error -> error.contains("/api/public/invites/bestaat-niet") && error.contains("404"));
        }
        assertThat(screens.checked).hasSize(16);
        assertThat(screens.problems).as("serious or critical axe violations at " + viewport).isEmpty();
    }

    /**
     * The people around a group, through the UI at each viewport: the moderator turns on the knock link, a person
     * knocks and waits, the moderator lets them in (live) and the room opens for them; the member hides another
     * member's messages on this device; the member asks for a private
     * talk and the moderator picks it up, both write in it; the moderator records a concern with a Meldcode step and
     * plans an online meeting, the member says "Ik kom" and the moderator sees the count; the member takes a break and
     * ends it, hides their online status and shows it again; an invite's QR code for a
     * poster. Every new screen passes
     * axe (screenshots {@code a11y-room-<screen>-<viewport>.png}).
     */
    @ParameterizedTest
    @EnumSource(Viewport.class)
    void knockingPrivateTalksConcernsAndMeetingsWorkAndPassAxe(Viewport viewport) {
        Screens screens = new Screens(viewport);
        String nickname = "Klopper" + viewport.ordinal();
        try (Browser member = Browser.start(viewport);
             Browser pro = Browser.start(viewport)) {
            ProPage.logIn(pro, server, server.professional()).goTo("Groepen", "Groepen");
            pro.click(By.xpath("//ul[contains(@class,'rooms-list')]//a[starts-with(normalize-space(.), "
                    + "'Mantelzorgers Noord')]"));
            RoomPage moderator = new RoomPage(pro);
            moderator.click(By.xpath("//nav//a[.='Aankloppen']"));
            pro.waitFor(By.xpath("//h2[.='Wachten op toelating']"));
            moderator.click(By.xpath("//button[starts-with(normalize-space(.), 'Aanklop-link maken') "
                    + "or starts-with(normalize-space(.), 'Nieuwe link maken')]"));
            String link = pro.waitForText(By.cssSelector(".invite-link"), "/g/k/").getText().trim();
            screens.check(pro, "pro-room-knocks");

            member.open(link);
            member.waitForText(RoomPage.HEADING, "Mantelzorgers Noord");
            // the knock page shows the group's house rules (the text the room's gate shows) to accept first
            member.waitForText(By.cssSelector(".join-rules .house-rules"),
                    "Wees vriendelijk. Iedereen mag zijn eigen verhaal vertellen.");
            screens.check(member, "knock");
            member.type(By.cssSelector("input[name=nickname]"), nickname);
            new RoomPage(member).click(By.xpath("//button[.='Aankloppen']"));
            member.waitForText(By.id("knock-accept-rules-error"), "Zet een vinkje");
            assertThat(member.executeScript("return document.activeElement.id;")).isEqualTo("knock-accept-rules");
            screens.check(member, "knock-rules-required");
            member.pressKeys(Keys.SPACE);
            new RoomPage(member).click(By.xpath("//button[.='Aankloppen']"));
            member.waitForText(RoomPage.HEADING, "Je vraag is verstuurd");
            screens.check(member, "knock-waiting");

            By approve = By.xpath("//button[normalize-space(.)=" + MessageList.literal("Toelaten " + nickname) + "]");
            pro.waitFor(approve);
            screens.check(pro, "pro-room-knocks-waiting");
            moderator.click(approve);
            // the house rules were accepted on the knock page: the room does not ask again, the member writes at once
            member.waitFor(RoomPage.INPUT);
            RoomPage room = new RoomPage(member);
            room.waitForMessage("Welkom in de groep! Stel je gerust even voor.");
            room.send("Hallo, ik ben " + nickname + ".");
            assertThat(member.driver().findElements(By.cssSelector(".room-safety__gate"))).as("no house rules gate")
                    .isEmpty();

            // the member hides another member's messages (on this device)
            room.act("Hoi, ik ben Ria. Ik zorg voor mijn moeder, ze heeft dementie.", "Berichten van Ria verbergen");
            member.waitFor(By.xpath("//p[contains(@class,'msg__text')]"
                    + "[.='Je hebt de berichten van Ria verborgen (alleen op dit apparaat).']"));
            screens.check(member, "member-room-hidden-member");

            // the member asks for a private talk; the moderator picks it up
            room.click(By.xpath("//button[.='Privégesprek vragen']"));
            member.waitForText(By.cssSelector(".private-talk [role=status]"), "Je vraag is verstuurd");
            moderator.click(By.xpath("//nav//a[.='Privé en zorgen']"));
            By pickUp = By.xpath("//button[normalize-space(.)=" + MessageList.literal("Oppakken " + nickname) + "]");
            pro.waitFor(pickUp);
            screens.check(pro, "pro-room-talks");
            moderator.click(pickUp);
            String talk = "//section[contains(@class,'private-talk')][h3[.=" + MessageList.literal("Privégesprek met "
                    + nickname) + "]]";
            pro.waitFor(By.xpath(talk + "//textarea"));
            member.waitForText(By.cssSelector(".private-talk .notice"), "Dit gesprek is privé");
            member.type(By.cssSelector(".private-talk .chat__input"), "Mag ik iets vragen?");
            room.click(By.cssSelector(".private-talk .chat__send"));
            pro.waitFor(By.xpath(talk + "//p[contains(@class,'msg__text')][.='Mag ik iets vragen?']"));
            screens.check(member, "member-private-talk");

            // video from the private talk, as from an office-hour chat: the moderator starts it, the member joins
            // from the pre-join, waits in the lobby and is let in
            CallScreens host = new CallScreens(pro);
            host.click(By.xpath(talk + "//button[.='Videogesprek starten']"));
            host.waitForPreJoin("Videogesprek starten");
            host.preJoinButton("Videogesprek starten");
            host.waitForCall();
            CallScreens guest = new CallScreens(member);
            guest.waitForPreJoin("Anna de Vries wil met je videobellen");
            guest.preJoinButton("Meedoen");
            guest.waitForLobby();
            host.admit(nickname);
            guest.waitForCall();
            host.control("Ophangen");
            guest.waitForEnded("");

            // a concern with the first Meldcode step
            new org.openqa.selenium.support.ui.Select(pro.waitFor(By.cssSelector("select[name=member]")))
                    .selectByVisibleText(nickname);
            pro.type(By.cssSelector("textarea[name=note]"), "Zorgen na het privégesprek.");
            pro.type(By.cssSelector("textarea[name=MELDCODE_SIGNALS]"), "Signalen vastgelegd.");
            moderator.click(By.xpath("//button[.='Zorg vastleggen']"));
            pro.waitForText(By.cssSelector(".concern-list"), "Zorgen na het privégesprek.");
            screens.check(pro, "pro-room-talks-concern");

            // an online meeting; the member comes
            moderator.click(By.xpath("//nav//a[.='Bijeenkomsten']"));
            pro.waitFor(By.cssSelector("input[name=startsAt]"));
            pro.executeScript("arguments[0].value = arguments[1];", pro.waitFor(By.cssSelector("input[name=startsAt]")),
                    java.time.LocalDateTime.now().plusDays(3 + viewport.ordinal()).withSecond(0).withNano(0)
                            .toString().substring(0, 16));
            moderator.click(By.cssSelector("input[name=online]"));
            moderator.click(By.xpath("//button[.='Bijeenkomst plannen']"));
            pro.waitForText(By.cssSelector(".people-list"), "Online, hier in de groep");
            screens.check(pro, "pro-room-meetings");
            member.waitForText(By.cssSelector(".meeting-card"), "Volgende bijeenkomst");
            room.click(By.xpath("//section[contains(@class,'meeting-card')]//button[.='Ik kom']"));
            member.waitFor(By.xpath("//section[contains(@class,'meeting-card')]//button[.='Ik kom']"
                    + "[@aria-pressed='true']"));
            screens.check(member, "member-room-meeting");
            room.click(By.xpath("//section[contains(@class,'room-break')]//button[.='Pauze nemen']"));
            member.waitForText(By.cssSelector(".room-break .notice"), "Je hebt pauze tot");
            screens.check(member, "member-room-break");
            room.click(By.xpath("//section[contains(@class,'room-break')]//button[.='Pauze stoppen']"));
            member.waitFor(By.xpath("//section[contains(@class,'room-break')]//button[.='Pauze nemen']"));
            room.click(By.cssSelector(".room-break input[name=onlineHidden]"));
            announced(member, "Anderen in de groep zien niet meer dat je online bent.");
            member.waitFor(By.cssSelector(".room-break input[name=onlineHidden]:checked"));
            room.click(By.cssSelector(".room-break input[name=onlineHidden]"));
            announced(member, "Anderen in de groep zien weer wanneer je online bent.");
            member.waitFor(By.cssSelector(".room-break input[name=onlineHidden]:not(:checked)"));
            pro.waitForText(By.cssSelector(".people-list"), "komen,");
            assertThat(pro.text(By.cssSelector(".people-list"))).containsPattern("[1-9] komen,");

            // an invite's QR code for a poster
            moderator.click(By.xpath("//nav//a[.='Uitnodigingen']"));
            moderator.click(By.xpath("(//table//button[starts-with(normalize-space(.), 'QR-code')])[1]"));
            pro.waitFor(By.cssSelector("dialog[open] img.invite-qr"));
            assertThat(pro.executeScript("return document.querySelector('dialog[open] img.invite-qr').naturalWidth"))
                    .as("the SVG is shown").isNotEqualTo(0L);
            screens.check(pro, "pro-room-invite-qr");
            DialogHelper.press(pro, "Sluiten");
            assertThat(member.consoleErrors()).isEmpty();
            assertThat(pro.consoleErrors()).isEmpty();
        }
        assertThat(screens.checked).hasSize(13);
        assertThat(screens.problems).as("serious or critical axe violations at " + viewport).isEmpty();
    }

    /**
     * "Aantal aanwezigen" on the meetings planner: a meeting that ended an hour and a half ago (planned at store
     * level: the planner refuses a start in the past; over, so members do not see it as their next meeting) shows
     * the head count form; an empty count is refused with a message,
     * 12 is saved and announced, then corrected to 11; both screens pass axe (screenshots
     * {@code a11y-room-pro-room-meeting-attendance*-<viewport>.png}).
     */
    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aModeratorCountsWhoCameToAMeetingThatStartedAndCorrectsIt(Viewport viewport) {
        Screens screens = new Screens(viewport);
        nl.spreekuur.server.store.Store store = server.server().store();
        nl.spreekuur.server.store.Rooms.Room room = store.rooms().byOrganisation(server.professional().account()
                .organisationId()).stream().filter(r -> r.name().equals("Mantelzorgers Noord")).findFirst()
                .orElseThrow();
        String title = "Wandelen " + viewport.name().toLowerCase(Locale.ROOT);
        nl.spreekuur.server.store.RoomPeople.Meeting meeting = store.roomPeople().saveMeeting(
                new nl.spreekuur.server.store.RoomPeople.Meeting(null, room.id(), server.server().clock().instant()
                        .minus(java.time.Duration.ofHours(3)), 90, false, "Park Noord", title,
                        server.professional().id()));
        try (Browser pro = Browser.start(viewport)) {
            ProPage.logIn(pro, server, server.professional()).goTo("Groepen", "Groepen");
            pro.click(By.xpath("//ul[contains(@class,'rooms-list')]//a[starts-with(normalize-space(.), "
                    + "'Mantelzorgers Noord')]"));
            RoomPage moderator = new RoomPage(pro);
            moderator.click(By.xpath("//nav//a[.='Bijeenkomsten']"));
            String item = "//li[contains(@class,'people-list__item')][contains(., " + MessageList.literal(title) + ")]";
            pro.waitForText(By.xpath(item), "Nog niet geteld");
            By input = By.xpath(item + "//input[@name='attended']");
            By save = By.xpath(item + "//button[starts-with(normalize-space(.), 'Opslaan')]");
            assertThat(pro.executeScript("const i = arguments[0]; return document.querySelector('label[for=\"'"
                    + " + i.id + '\"]').textContent;", pro.waitFor(input))).isEqualTo("Aantal aanwezigen");
            pro.executeScript("window.scrollTo(0, 0);");
            screens.check(pro, "pro-room-meeting-attendance");

            moderator.click(save);
            pro.waitForText(By.xpath(item + "//p[contains(@class,'field__error')]"),
                    "Vul een heel getal in van 0 tot en met 2000.");
            assertThat(pro.waitFor(input).getAttribute("aria-invalid")).isEqualTo("true");
            pro.type(input, "12");
            moderator.click(save);
            announced(pro, "Opgeslagen: 12 aanwezigen.");
            pro.waitForText(By.xpath(item), "Geteld: 12");
            assertThat(store.roomPeople().meeting(meeting.id()).orElseThrow().attended()).isEqualTo(12);

            pro.waitFor(input).clear();
            pro.type(input, "11");
            moderator.click(save);
            pro.waitForText(By.xpath(item), "Geteld: 11");
            assertThat(store.roomPeople().meeting(meeting.id()).orElseThrow().attended()).isEqualTo(11);
            pro.executeScript("window.scrollTo(0, 0);");
            screens.check(pro, "pro-room-meeting-attendance-counted");
            assertThat(pro.consoleErrors()).isEmpty();
        }
        assertThat(screens.checked).hasSize(2);
        assertThat(screens.problems).as("serious or critical axe violations at " + viewport).isEmpty();
    }
}
