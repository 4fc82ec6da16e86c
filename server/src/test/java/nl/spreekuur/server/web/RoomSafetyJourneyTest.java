package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.AxeViolation;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Safety in a group end to end in real browsers: the org-admin sets the organisation's help contact; the invite
 * page shows the house rules (joining means accepting them) and "Hulp nodig?" with that contact, 113 and Veilig
 * Thuis; a member reports another member's message in one step; the
 * moderator, in the workspace, sees the alert at once (a count on "Groepen"), finds the report on the group's
 * safety page without the reporter's name, resolves it with an outcome and a reason (the moderation log shows it),
 * and posts an announcement that members see marked and pinned. Then moderation hours that exclude now, with "review
 * all messages first": a member's message waits ("wacht op goedkeuring"), the others see it once it is approved.
 */
class RoomSafetyJourneyTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    private static final String REPORTED = "Jullie zeuren allemaal maar.";
    private static final String ANNOUNCEMENT = "Donderdag is er geen groep.";
    private static final String HELD = "Is er vanavond iemand?";
    private static final String[] DUTCH_DAYS = {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
        "zondag"};

    @Test
    void aReportedMessageReachesTheModeratorWhoResolvesItAndAnnouncesSomething() {
        try (Browser els = Browser.start(Viewport.PHONE);
             Browser fien = Browser.start(Viewport.DESKTOP);
             Browser anna = Browser.start(Viewport.DESKTOP)) {
            ProPage page = ProPage.logIn(anna, server, server.professional());
            // The org-admin gives "Hulp nodig?" the organisation's own contact.
            page.goTo("Beheer", "Spreekuren beheren");
            anna.type(By.cssSelector("input[name=contactName]"), "Welzijn Noord, team mantelzorg");
            anna.type(By.cssSelector("input[name=contactPhone]"), "050 123 45 67");
            anna.click(By.xpath("//button[.='Nummer toevoegen']"));
            anna.type(By.xpath("(//input[@name='lineLabel'])[last()]"), "Mantelzorglijn");
            anna.type(By.xpath("(//input[@name='linePhone'])[last()]"), "030-7606055");
            anna.click(By.xpath("//section[@aria-labelledby='org-safety-title']//button[.='Opslaan']"));
            anna.waitForText(By.cssSelector("section[aria-labelledby=org-safety-title]"), "Opgeslagen.");
            page.goTo("Groepen", "Groepen");
            anna.waitFor(By.cssSelector(".rooms-list"));

            RoomPage elsPage = new RoomPage(els).openInvite(server, server.roomInvite());
            els.waitForText(By.cssSelector(".topbar .topbar__help"), "Hulp nodig?");
            els.waitForText(By.cssSelector(".room-help"), "0800-0113");
            els.waitForText(By.cssSelector(".room-help"), "0800-2000");
            els.waitForText(By.cssSelector(".room-help"), "Welzijn Noord, team mantelzorg");
            els.waitForText(By.cssSelector(".room-help"), "Mantelzorglijn 030-7606055");
            els.waitFor(By.cssSelector(".room-help a[href='tel:0501234567']"));
            els.waitForText(By.cssSelector(".join-rules"), "Huisregels van deze groep");
            els.screenshot("room-invite-house-rules-phone");
            elsPage.join("Els");
            elsPage.send(REPORTED);
            // the house rules stay reachable in the room, and so does help
            elsPage.click(By.cssSelector(".room-safety__rules summary"));
            els.waitForText(By.cssSelector(".room-safety__rules"), "Wees vriendelijk.");
            els.waitFor(By.cssSelector(".topbar .topbar__help[href='#hulp']"));

            RoomPage fienPage = new RoomPage(fien).openInvite(server, server.roomInvite());
            fienPage.join("Fien");
            fienPage.waitForMessage(REPORTED);
            fienPage.act(REPORTED, "Melden");
            fien.waitForText(DialogHelper.OPEN_DIALOG, "Niemand anders ziet dat jij het hebt gemeld.");
            fien.type(By.cssSelector("dialog[open] textarea[name=reason]"), "Dit voelt naar.");
            DialogHelper.press(fien, "Melden");

            // The moderator is told at once, in the workspace.
            anna.waitForText(By.cssSelector("a[href='/pro/rooms'] .count"), "1");
            anna.click(By.xpath("//ul[contains(@class,'rooms-list')]//a[starts-with(normalize-space(.), "
                    + "'Mantelzorgers Noord')]"));
            RoomPage moderator = new RoomPage(anna);
            moderator.click(By.xpath("//nav//a[.='Veiligheid']"));
            anna.waitForText(By.cssSelector(".report-list"), REPORTED);
            anna.waitForText(By.cssSelector(".report-list"), "Dit voelt naar.");
            assertThat(anna.text(By.cssSelector(".report-list"))).as("the reporter is not shown").doesNotContain("Fien");
            anna.screenshot("room-reports");
            moderator.click(By.xpath("//button[starts-with(normalize-space(.), 'Afhandelen')]"));
            anna.waitFor(DialogHelper.OPEN_DIALOG);
            new Select(anna.driver().findElement(By.cssSelector("dialog[open] select[name=outcome]")))
                    .selectByValue("OUTCOME_TALKED_WITH_MEMBER");
            anna.type(By.cssSelector("dialog[open] textarea[name=reason]"), "besproken met Els");
            DialogHelper.press(anna, "Afhandelen");
            anna.waitForText(By.cssSelector(".room-safety-page"), "Er zijn geen open meldingen.");
            anna.waitUntilGone(By.cssSelector("a[href='/pro/rooms'] .count"));

            moderator.click(By.xpath("//nav//a[.='Moderatie']"));
            anna.waitForText(By.cssSelector("table"), "Melding afgehandeld");
            anna.waitForText(By.cssSelector("table"), "besproken met Els");

            moderator.click(By.xpath("//nav//a[.='Veiligheid']"));
            anna.type(By.cssSelector("textarea[name=announcement]"), ANNOUNCEMENT);
            moderator.click(By.xpath("//button[.='Mededeling plaatsen']"));
            anna.waitForText(By.cssSelector(".room-safety-page"), "De mededeling staat in de groep.");
            elsPage.waitForMessagePart(ANNOUNCEMENT, "Mededeling");
            elsPage.waitForMessagePart(ANNOUNCEMENT, "Vastgezet");
            els.waitForText(By.cssSelector(".room__pinned"), ANNOUNCEMENT);
            els.screenshot("room-announcement-phone");

            // Outside the moderation hours every message waits for review: the author sees "wacht op goedkeuring",
            // the others nothing until the moderator approves it.
            String otherDay = DUTCH_DAYS[LocalDate.now(ZoneId.of("Europe/Amsterdam")).plusDays(2).getDayOfWeek()
                    .getValue() - 1];
            moderator.click(By.xpath("//label[.=" + MessageList.literal(otherDay) + "]"));
            // (a time field's typing depends on the browser's locale; its value does not)
            anna.executeScript("arguments[0].value = '09:00'; arguments[1].value = '10:00';",
                    anna.waitFor(By.xpath("//label[.='Van']/following::input[1]")),
                    anna.waitFor(By.xpath("//label[.='Tot']/following::input[1]")));
            new Select(anna.driver().findElement(By.xpath("//label[.='Buiten die tijden']/following::select[1]")))
                    .selectByValue("UNATTENDED_HOLD_ALL");
            moderator.click(By.xpath("//form[.//select]//button[.='Opslaan']"));
            anna.waitForText(By.cssSelector(".room-safety-page"), "Opgeslagen.");
            elsPage.send(HELD);
            elsPage.waitForMessagePart(HELD, "Wacht op goedkeuring van een moderator");
            els.screenshot("room-held-message-phone");
            assertThat(fien.text(By.cssSelector(".chat__messages"))).doesNotContain(HELD);
            anna.waitForText(By.cssSelector(".room-safety-page"), HELD);
            moderator.click(By.xpath("//button[starts-with(normalize-space(.), 'Goedkeuren')]"));
            fienPage.waitForMessage(HELD);
            els.waitUntilGone(By.xpath(RoomPage.messageXpath(HELD) + "[contains(., 'Wacht op goedkeuring')]"));

            assertThat(els.consoleErrors()).isEmpty();
            assertThat(fien.consoleErrors()).isEmpty();
            assertThat(anna.consoleErrors()).isEmpty();
        }
    }

    /**
     * A member whose device joined without accepting the house rules (an older page, or the API): the room shows the
     * rules first and the message box stays read-only until they accept them; then they write.
     */
    @Test
    void aMemberWhoHasNotAcceptedTheHouseRulesAcceptsThemBeforeTheirFirstMessage() {
        try (Browser gijs = Browser.start(Viewport.PHONE)) {
            gijs.open(server.url("/g"));
            gijs.executeAsyncScript("""
                    const [code, done] = arguments;
                    fetch('/api/rooms/join', {method: 'POST', headers: {'Content-Type': 'application/json'},
                        body: JSON.stringify({code, nickname: 'Gijs'})})
                      .then((r) => r.json())
                      .then((j) => {
                        localStorage.setItem('spreekuur.rooms', JSON.stringify([{token: j.token,
                          expiresAt: j.expiresAt, principalId: j.principalId, participantId: j.participantId, code,
                          room: j.room}]));
                        done();
                      });
                    """, server.roomInvite());
            RoomPage page = new RoomPage(gijs).openInvite(server, server.roomInvite());
            gijs.waitForText(By.cssSelector(".room-safety__gate"), "Lees eerst de huisregels");
            gijs.waitForText(RoomPage.READ_ONLY_NOTE, "als je de huisregels hebt gelezen en geaccepteerd");
            gijs.waitUntilGone(RoomPage.INPUT);
            gijs.screenshot("room-house-rules-gate-phone");
            assertThat(AxeCheck.run(gijs)).filteredOn(AxeViolation::isSerious).isEmpty();
            page.click(By.xpath("//button[.='Ik houd me aan de huisregels']"));
            gijs.waitUntilGone(By.cssSelector(".room-safety__gate"));
            page.send("Hallo, ik ben Gijs.");
            gijs.waitFor(By.xpath(RoomPage.messageXpath("Hallo, ik ben Gijs.") + "[.//p[contains(@class,'msg__status')]"
                    + "[@data-status='sent' or @data-status='delivered' or @data-status='read']]"));
            assertThat(gijs.consoleErrors()).isEmpty();
        }
    }
}
