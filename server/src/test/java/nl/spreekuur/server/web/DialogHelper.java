package nl.spreekuur.server.web;

import static nl.spreekuur.server.web.MessageList.literal;

import nl.spreekuur.server.testsupport.browser.Browser;
import org.openqa.selenium.By;

/** The app's modal dialogs (native dialog elements). */
final class DialogHelper {
    static final By OPEN_DIALOG = By.cssSelector("dialog[open]");

    private DialogHelper() {
    }

    /** Waits for the open dialog and presses its button labelled {@code label}; waits until the dialog is gone. */
    static void press(Browser browser, String label) {
        browser.waitFor(OPEN_DIALOG);
        browser.click(By.xpath("//dialog[@open]//button[.=" + literal(label) + "]"));
        browser.waitUntilGone(OPEN_DIALOG);
    }
}
