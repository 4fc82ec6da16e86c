package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.ListConcerns;
import nl.spreekuur.protocol.v1.ListRooms;
import nl.spreekuur.protocol.v1.SaveConcern;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import nl.spreekuur.server.testsupport.browser.AxeCheck;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 10 in the professional's workspace, at phone and desktop size, in real browsers against the real server:
 * a group member asks for a private talk while the moderator chats with a client of the office hour; the request
 * shows in the workspace, the moderator picks it up there and the talk opens as a chat next to the office-hour chat
 * (group and nickname in its head); both write in it, a message while the moderator looks elsewhere marks the talk
 * unread (phone); the member ends it and it leaves the workspace. Then the moderator changes the group's next
 * meeting (the form comes prefilled) and the member sees the new time and title, and edits a concern (prefilled;
 * the list shows the new note and step). Every new screen passes axe, no serious or critical violations
 * (screenshots {@code a11y-talks-<screen>-<viewport>.png}).
 */
class WorkspaceTalksBrowserTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    private static final String TALK_PANEL = "//section[contains(@class,'chat-panel--talk')]";

    private final List<String> problems = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();

    private void check(Browser browser, String screen, Viewport viewport) {
        browser.executeScript("window.scrollTo(0, 0);");
        browser.screenshot("a11y-talks-" + screen + "-" + viewport.name().toLowerCase(Locale.ROOT));
        checked.add(screen);
        problems.addAll(AxeCheck.screenProblems(browser, screen));
    }

    /** On a phone the workspace shows one tab at a time: open the one whose label starts with {@code label}. */
    private static void showTab(Browser pro, String label) {
        By tab = By.xpath("//div[@role='tablist']/button[@role='tab'][starts-with(normalize-space(.), "
                + MessageList.literal(label) + ")]");
        pro.waitUntil("tab " + label, d -> {
            List<WebElement> tabs = d.findElements(tab);
            if (tabs.isEmpty()) {
                return null;
            }
            if (!tabs.get(0).isDisplayed()) {
                return true; // desktop: no tabs, everything side by side
            }
            if (!"true".equals(tabs.get(0).getAttribute("aria-selected"))) {
                tabs.get(0).click();
            }
            return "true".equals(tabs.get(0).getAttribute("aria-selected")) ? true : null;
        });
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aPrivateTalkSitsNextToTheOfficeHourChatAndMeetingsAndConcernsAreEdited(Viewport viewport) {
        String member = "Lid" + viewport.ordinal();
        String client = "Klant" + viewport.ordinal();
        try (Browser memberBrowser = Browser.start(Viewport.PHONE);
             Browser clientBrowser = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(viewport)) {
            RoomPage room = new RoomPage(memberBrowser).openInvite(server, server.roomInvite());
            room.join(member);
            ProPage pro = ProPage.logIn(proBrowser, server, server.professional());
            new ClientPage(clientBrowser).open(server.clientUrl(server.open())).join(client, "");
            pro.claim(client);
            pro.send(client, "Hoi, waar kan ik je mee helpen?");

            // the member asks; the request shows in the workspace, live
            room.click(By.xpath("//button[.='Privégesprek vragen']"));
            memberBrowser.waitForText(By.cssSelector(".private-talk [role=status]"), "Je vraag is verstuurd");
            pro.showQueue();
            By pickUp = By.xpath("//section[contains(@class,'talks-card')]//button[normalize-space(.)="
                    + MessageList.literal("Oppakken " + member) + "]");
            proBrowser.waitFor(pickUp);
            assertThat(proBrowser.text(By.cssSelector(".talks-card"))).contains("Mantelzorgers Noord");
            check(proBrowser, "workspace-request", viewport);

            // picked up in the workspace: a chat next to the office-hour chat, with the group's name
            new RoomPage(proBrowser).click(pickUp);
            proBrowser.waitFor(By.xpath(TALK_PANEL + "//h2[.=" + MessageList.literal("Privégesprek met " + member)
                    + "]"));
            assertThat(proBrowser.text(By.xpath(TALK_PANEL))).contains("Groep: Mantelzorgers Noord");
            proBrowser.waitUntilGone(pickUp);
            assertThat(proBrowser.driver().findElements(By.cssSelector(".workspace-chats > .chat-panel--talk")))
                    .as("one private talk").hasSize(1);
            assertThat(proBrowser.driver().findElements(ProPage.chatPanel(client)))
                    .as("next to the office-hour chat").hasSize(1);
            assertThat(proBrowser.executeScript("return document.activeElement.matches('.chat-panel--talk textarea');"))
                    .as("the focus goes to the talk's message box").isEqualTo(true);

            memberBrowser.waitForText(By.cssSelector(".private-talk .notice"), "Dit gesprek is privé");
            memberBrowser.type(By.cssSelector(".private-talk .chat__input"), "Mag ik iets vragen?");
            room.click(By.cssSelector(".private-talk .chat__send"));
            proBrowser.waitFor(By.xpath(TALK_PANEL + "//p[contains(@class,'msg__text')][.='Mag ik iets vragen?']"));
            proBrowser.type(By.xpath(TALK_PANEL + "//textarea"), "Natuurlijk, vertel.");
            new RoomPage(proBrowser).click(By.xpath(TALK_PANEL + "//button[contains(@class,'chat__send')]"));
            memberBrowser.waitFor(By.xpath("//section[contains(@class,'private-talk')]"
                    + "//p[contains(@class,'msg__text')][.='Natuurlijk, vertel.']"));
            // the office-hour chat goes on beside it
            clientBrowser.waitFor(By.xpath("//p[contains(@class,'msg__text')][.='Hoi, waar kan ik je mee helpen?']"));

            if (viewport == Viewport.PHONE) {
                // looking at the office-hour chat: a new message in the talk marks its tab and its line unread
                showTab(proBrowser, client);
                memberBrowser.type(By.cssSelector(".private-talk .chat__input"), "Het gaat over thuis.");
                room.click(By.cssSelector(".private-talk .chat__send"));
                proBrowser.waitFor(By.xpath("//button[@role='tab'][starts-with(normalize-space(.), "
                        + MessageList.literal(member + " (privé)") + ")]/span[contains(@class,'tab__dot')]"));
                pro.showQueue();
                proBrowser.waitForText(By.cssSelector(".talks-card"), "Nieuw bericht");
                showTab(proBrowser, member + " (privé)");
                proBrowser.waitFor(By.xpath(TALK_PANEL + "//p[contains(@class,'msg__text')][.='Het gaat over thuis.']"));
            }
            check(proBrowser, "workspace-talk", viewport);

            // the member ends the talk: it leaves the workspace
            room.click(By.xpath("//section[contains(@class,'private-talk')]//button[.='Privégesprek beëindigen']"));
            proBrowser.waitUntilGone(By.xpath(TALK_PANEL));
            pro.waitForMessage(client, "Hoi, waar kan ik je mee helpen?");

            // the next meeting changes: the form comes prefilled, the member sees the new time and title
            pro.goTo("Groepen", "Groepen");
            proBrowser.click(By.xpath("//ul[contains(@class,'rooms-list')]//a[starts-with(normalize-space(.), "
                    + "'Mantelzorgers Noord')]"));
            RoomPage moderator = new RoomPage(proBrowser);
            moderator.click(By.xpath("//nav//a[.='Bijeenkomsten']"));
            moderator.click(By.xpath("(//ul[contains(@class,'people-list')]//button[starts-with(normalize-space(.),"
                    + " 'Bewerken')])[1]"));
            proBrowser.waitForText(By.cssSelector("form h3"), "bewerken");
            assertThat(proBrowser.executeScript("return document.activeElement.name;")).isEqualTo("startsAt");
            assertThat(proBrowser.executeScript("return document.querySelector('input[name=startsAt]').value;"))
                    .as("prefilled").asString().isNotEmpty();
            String newTime = viewport == Viewport.PHONE ? "08:15" : "08:45";
            LocalDateTime when = LocalDateTime.of(LocalDate.now().plusDays(1), LocalTime.parse(newTime));
            proBrowser.executeScript("arguments[0].value = arguments[1];",
                    proBrowser.waitFor(By.cssSelector("input[name=startsAt]")), when.toString().substring(0, 16));
            proBrowser.driver().findElement(By.cssSelector("input[name=duration]")).clear();
            check(proBrowser, "meeting-edit", viewport);
            moderator.click(By.xpath("//button[.='Wijzigingen opslaan']"));
            proBrowser.waitForText(By.cssSelector(".field__error:not([hidden])"), "15 tot 480 minuten");
            assertThat(proBrowser.executeScript("return document.activeElement.getAttribute('aria-describedby');"))
                    .as("the error is linked to its field").asString().contains("-error");
            check(proBrowser, "meeting-edit-error", viewport);
            proBrowser.type(By.cssSelector("input[name=duration]"), "60");
            WebElement title = proBrowser.driver().findElement(By.cssSelector("input[name=title]"));
            title.clear();
            proBrowser.type(By.cssSelector("input[name=title]"), "Samen koken " + viewport.ordinal());
            moderator.click(By.xpath("//button[.='Wijzigingen opslaan']"));
            proBrowser.waitForText(By.cssSelector(".people-list"), "Samen koken " + viewport.ordinal());
            memberBrowser.waitForText(By.cssSelector(".meeting-card"), "Samen koken " + viewport.ordinal());
            assertThat(memberBrowser.text(By.cssSelector(".meeting-card"))).contains(newTime).contains("60 minuten");

            // a concern about the member, then changed: prefilled, the list shows the new note and step
            moderator.click(By.xpath("//nav//a[.='Privé en zorgen']"));
            new org.openqa.selenium.support.ui.Select(proBrowser.waitFor(By.cssSelector("select[name=member]")))
                    .selectByVisibleText(member);
            proBrowser.type(By.cssSelector("textarea[name=note]"), "Zorgen na het privégesprek " + member + ".");
            moderator.click(By.xpath("//button[.='Zorg vastleggen']"));
            By edit = By.xpath("//ul[contains(@class,'concern-list')]/li[contains(., "
                    + MessageList.literal("Zorgen na het privégesprek " + member + ".") + ")]/button");
            moderator.click(edit);
            assertThat(proBrowser.executeScript("return document.activeElement.value;"))
                    .isEqualTo("Zorgen na het privégesprek " + member + ".");
            assertThat(proBrowser.executeScript("return document.querySelector('select[name=member]').disabled;"))
                    .isEqualTo(true);
            proBrowser.driver().findElement(By.cssSelector("textarea[name=note]")).clear();
            proBrowser.type(By.cssSelector("textarea[name=note]"), "Zorg besproken met collega " + member + ".");
            proBrowser.type(By.cssSelector("textarea[name=MELDCODE_CONSULT]"), "Collegiale consultatie gedaan.");
            check(proBrowser, "concern-edit", viewport);
            moderator.click(By.xpath("//button[.='Wijzigingen opslaan']"));
            proBrowser.waitForText(By.cssSelector(".concern-list"), "Zorg besproken met collega " + member + ".");
            assertThat(proBrowser.text(By.cssSelector(".concern-list")))
                    .doesNotContain("Zorgen na het privégesprek " + member + ".")
                    .contains("Collegiale consultatie gedaan.");
            assertThat(proBrowser.executeScript("return document.activeElement.closest('.concern-list') !== null;"))
                    .as("the focus is back at the concern").isEqualTo(true);

            // the same concern changed elsewhere (the moderator's other session): the open list reads it again
            changeConcernElsewhere(member, "Besproken in het team " + member + ".");
            proBrowser.waitForText(By.cssSelector(".concern-list"), "Besproken in het team " + member + ".");

            assertThat(proBrowser.consoleErrors()).isEmpty();
            assertThat(memberBrowser.consoleErrors()).isEmpty();
        }
        assertThat(checked).hasSize(5);
        assertThat(problems).as("serious or critical axe violations at " + viewport).isEmpty();
    }

    /** Over a WebSocket of its own, as the moderator on another device: replaces the note of the member's concern. */
    private static void changeConcernElsewhere(String member, String note) {
        try (WsPeer other = WsPeer.connect(server.server().wsUri(), TestWsClient.JSON,
                server.server().staffToken(server.professional().account()).token())) {
            Concern concern = other.call(ClientMessage.newBuilder().setListConcerns(ListConcerns.newBuilder()
                    .setRoomId(roomIdOf(other)))).getConcernList().getConcernsList().stream()
                    .filter(c -> c.getNickname().equals(member)).findFirst().orElseThrow();
            other.call(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder()
                    .setConcern(concern.toBuilder().setNote(note))));
        } catch (Exception e) {
            throw new AssertionError("changing the concern over the socket failed", e);
        }
    }

    private static String roomIdOf(WsPeer peer) throws Exception {
        return peer.call(ClientMessage.newBuilder().setListRooms(ListRooms.newBuilder())).getRoomList()
                .getRoomsList().stream().filter(r -> r.getName().equals("Mantelzorgers Noord")).findFirst()
                .orElseThrow().getId();
    }
}
