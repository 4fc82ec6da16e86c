package nl.spreekuur.server.web;

import static nl.spreekuur.server.web.MessageList.literal;

import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import org.openqa.selenium.By;

/**
 * A group room on screen, through the UI only, in the words the page shows (Dutch): the member's page behind an
 * invite link (/g/code) and the moderator's room page in /pro/rooms share the room's markup, so both use this.
 * Messages are found by their text.
 */
final class RoomPage {
    static final By HEADING = By.cssSelector("#main h1");
    static final By INPUT = By.cssSelector(".room .chat__input");
    static final By SEND = By.cssSelector(".room .chat__send");
    static final By READ_ONLY_NOTE = By.cssSelector(".room .chat__readonly");

    private final Browser browser;

    RoomPage(Browser browser) {
        this.browser = browser;
    }

    Browser browser() {
        return browser;
    }

    /** Opens the invite link; waits for the invite page (or the room, when this device is already a member). */
    RoomPage openInvite(WebTestServer server, String code) {
        browser.open(server.url("/g/" + code));
        browser.waitFor(By.cssSelector(".invite, .room, .room-gone"));
        return this;
    }

    static final By ACCEPT_RULES = By.cssSelector("input[name=acceptHouseRules]");

    /** Picks a nickname on the invite page, accepts the house rules and joins; waits for the room. */
    void join(String nickname) {
        browser.type(By.cssSelector("input[name=nickname]"), nickname);
        acceptHouseRules();
        click(By.xpath("//button[.='Meedoen met de groep']"));
        browser.waitFor(By.cssSelector(".room .chat__input"));
    }

    /** Ticks "Ik heb de huisregels gelezen" on the invite page (if not ticked yet). */
    void acceptHouseRules() {
        Object checked = browser.executeScript("return document.querySelector('input[name=acceptHouseRules]').checked;");
        if (!Boolean.TRUE.equals(checked)) {
            click(ACCEPT_RULES);
        }
    }

    void send(String text) {
        browser.type(INPUT, text);
        click(SEND);
        waitForMessage(text);
    }

    static By message(String text) {
        return By.xpath("//ol[contains(@class,'chat__messages')]/li[p[contains(@class,'msg__text')][.=" + literal(text)
                + "]]");
    }

    /** The message item whose text (as originally written, or as shown now) is {@code text}. */
    static String messageXpath(String text) {
        return "//ol[contains(@class,'chat__messages')]/li[p[contains(@class,'msg__text')][.=" + literal(text) + "]]";
    }

    private static String summaryXpath(String text) {
        return messageXpath(text) + "//details[contains(@class,'msg__more')]/summary";
    }

    void waitForMessage(String text) {
        browser.waitFor(message(text));
    }

    void waitUntilNoMessage(String text) {
        browser.waitUntilGone(message(text));
    }

    /** Waits until the message with this text shows {@code part} (e.g. "(bewerkt)", "Vastgezet", "❤️ 1"). */
    void waitForMessagePart(String text, String part) {
        browser.waitFor(By.xpath(messageXpath(text) + "[contains(., " + literal(part) + ")]"));
    }

    void waitForSystemLine(String text) {
        MessageList.waitForSystemLine(browser, text);
    }

    /** Opens "Meer" under a message and presses one of its buttons (by its visible label or aria-label). */
    void act(String text, String label) {
        By summary = By.xpath(messageXpath(text) + "//details[contains(@class,'msg__more')]/summary");
        By button = By.xpath(messageXpath(text) + "//div[contains(@class,'msg__actions')]//button[.=" + literal(label)
                + " or @aria-label=" + literal(label) + "]");
        browser.waitFor(summary);
        Object open = browser.executeScript("const d = document.evaluate(arguments[0], document, null, 9, null)"
                + ".singleNodeValue; return d ? d.parentElement.open : false;", summaryXpath(text));
        if (!Boolean.TRUE.equals(open)) {
            click(summary);
        }
        click(button);
    }

    /**
     * Clicks like a person who first scrolls the element into the middle of the screen (the sticky exit bar would
     * otherwise take the click).
     */
    void click(By by) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", browser.waitFor(by));
        browser.click(by);
    }
}
