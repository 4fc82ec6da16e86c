package nl.spreekuur.server.web;

import java.util.List;
import nl.spreekuur.server.testsupport.browser.Browser;
import org.openqa.selenium.By;

/**
 * What an inwoner does on an office hour's page (/s/org/slug), in the words the page shows (Dutch).
 * Waits are the harness's: every step fails with a screenshot when the page does not get there.
 */
final class ClientPage {
    static final By HEADING = By.cssSelector("#main h1");
    static final By MESSAGE_INPUT = By.cssSelector(".chat .chat__input");
    static final By SEND = By.cssSelector(".chat .chat__send");
    static final By TYPING = By.cssSelector(".chat .chat__typing");
    static final By QUICK_EXIT = By.cssSelector(".topbar .btn--exit");

    private final Browser browser;

    ClientPage(Browser browser) {
        this.browser = browser;
    }

    Browser browser() {
        return browser;
    }

    /** Opens the page and waits until the office hour's status is shown. */
    ClientPage open(String url) {
        browser.open(url);
        browser.waitFor(By.cssSelector(".status__title"));
        return this;
    }

    /** Fills in the join form and waits until the page says we are waiting. */
    void join(String nickname, String firstQuestion) {
        browser.type(By.cssSelector("input[name=nickname]"), nickname);
        browser.type(By.cssSelector("textarea[name=firstQuestion]"), firstQuestion);
        browser.click(By.xpath("//form[.//input[@name='nickname']]//button[@type='submit']"));
        browser.waitForText(HEADING, "Je wacht op je beurt");
    }

    void waitForHeading(String text) {
        browser.waitForText(HEADING, text);
    }

    /** Types a message and presses the send button (on a phone Enter makes a new line). */
    void send(String text) {
        browser.type(MESSAGE_INPUT, text);
        click(SEND);
    }

    /**
     * Clicks like a person who first scrolls the element into the middle of the screen: chromedriver does not
     * scroll an element that is in the viewport but covered by the sticky exit bar, and would click the bar.
     */
    void click(By by) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", browser.waitFor(by));
        browser.click(by);
    }

    /** The text of every message bubble (not system lines), in screen order. */
    List<String> messageTexts() {
        return MessageList.texts(browser);
    }

    /** Waits until a message with exactly this text is on screen. */
    void waitForMessage(String text) {
        MessageList.waitFor(browser, text);
    }

    /** Waits until a system line (joined, left, ended, ...) containing this text is on screen. */
    void waitForSystemLine(String text) {
        MessageList.waitForSystemLine(browser, text);
    }

    /** The delivery status shown under my message with this text ("Gelezen", "Aangekomen", ...). */
    void waitForStatusOfMine(String text, String status) {
        MessageList.waitForStatusOfMine(browser, text, status);
    }
}
