package nl.spreekuur.server.web;

import static nl.spreekuur.server.web.MessageList.literal;

import nl.spreekuur.server.testsupport.browser.Browser;
import org.openqa.selenium.By;

/**
 * The video call's screens as a person sees them (Dutch words): the pre-join, the lobby, the call screen, and the
 * notice after a call. Works the same in the client's page and in a professional's chat column or consult page.
 */
final class CallScreens {
    static final By PRE_JOIN = By.cssSelector(".call-prejoin");
    static final By LOBBY = By.cssSelector(".call-lobby");
    static final By CALL = By.cssSelector("section.call");
    static final By ENDED = By.cssSelector(".call-ended");

    private final Browser browser;

    CallScreens(Browser browser) {
        this.browser = browser;
    }

    /** Waits for the pre-join with this heading (the camera preview runs). */
    void waitForPreJoin(String heading) {
        browser.waitForText(By.cssSelector(".call-prejoin h2"), heading);
        browser.waitFor(By.cssSelector(".call-prejoin video"));
    }

    /** Presses one of the pre-join's buttons ("Meedoen", "Meedoen zonder camera", "Videogesprek starten", ...). */
    void preJoinButton(String label) {
        click(By.xpath("//section[contains(@class,'call-prejoin')]//button[.=" + literal(label) + "]"));
    }

    /** Waits until the microphone level meter has moved (the fake microphone beeps). */
    void waitForSound() {
        browser.waitUntil("the level meter moves", d -> ((Number) browser.executeScript(
                "const m = document.querySelector('.call-prejoin meter'); return m ? m.value : 0;")).doubleValue() > 0);
    }

    void waitForLobby() {
        browser.waitForText(By.cssSelector(".call-lobby h2"), "Je bent in de wachtkamer");
    }

    void waitForCall() {
        browser.waitForText(By.cssSelector("section.call h2"), "Videogesprek");
    }

    /** Host: lets this person in from the lobby. */
    void admit(String name) {
        click(By.xpath("//section[contains(@class,'call')]//button[.=" + literal(name + " binnenlaten") + "]"));
    }

    /** A button among the call's controls ("Microfoon uitzetten", "Camera uitzetten", "Ophangen", ...). */
    void control(String label) {
        click(By.xpath("//section[contains(@class,'call')]//div[contains(@class,'call__controls')]/button[.="
                + literal(label) + "]"));
    }

    /** Waits until the tile of this person says {@code text} (e.g. "microfoon uit"). */
    void waitForTileText(String name, String text) {
        browser.waitFor(By.xpath("//div[contains(@class,'call-tile')]/p[contains(@class,'call-tile__name')]"
                + "[starts-with(., " + literal(name) + ")][contains(., " + literal(text) + ")]"));
    }

    /** Waits for the "the call has ended" notice with this explanation. */
    void waitForEnded(String text) {
        browser.waitForText(ENDED, text);
    }

    /** Scrolls the element into the middle first: the sticky quick-exit bar must not take the click. */
    void click(By by) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", browser.waitFor(by));
        browser.click(by);
    }
}
