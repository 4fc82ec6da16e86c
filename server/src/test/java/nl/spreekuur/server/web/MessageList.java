package nl.spreekuur.server.web;

import java.util.List;
import nl.spreekuur.server.testsupport.browser.Browser;
import org.openqa.selenium.By;

/** Reads the message list of a chat panel; the client and professional pages share the chat markup. */
final class MessageList {
    /** XPath literal for any text (texts with both quote kinds need concat()). */
    static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        if (!text.contains("\"")) {
            return "\"" + text + "\"";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private MessageList() {
    }

    /** Texts of the message bubbles inside {@code scope} (a CSS selector), in screen order. */
    @SuppressWarnings("unchecked")
    static List<String> texts(Browser browser, String scope) {
        return (List<String>) browser.executeScript(
                "const root = arguments[0] ? document.querySelector(arguments[0]) : document;"
                        + "return root ? [...root.querySelectorAll('.chat__messages .msg__text')]"
                        + ".map(e => e.textContent) : [];", scope);
    }

    static List<String> texts(Browser browser) {
        return texts(browser, null);
    }

    static void waitFor(Browser browser, String text) {
        browser.waitFor(By.xpath("//ol[contains(@class,'chat__messages')]//p[contains(@class,'msg__text')][.="
                + literal(text) + "]"));
    }

    static void waitForSystemLine(Browser browser, String text) {
        browser.waitFor(By.xpath("//ol[contains(@class,'chat__messages')]/li[contains(@class,'msg--system')]"
                + "[contains(., " + literal(text) + ")]"));
    }

    static void waitForStatusOfMine(Browser browser, String text, String status) {
        browser.waitFor(By.xpath("//li[contains(@class,'msg--mine')][p[contains(@class,'msg__text')][.="
                + literal(text) + "]]/p[contains(@class,'msg__status')][.=" + literal(status) + "]"));
    }
}
