package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The client takes a video call with the keyboard only, on a phone (375×667) and on a desktop (1280×800): from the
 * invitation's pre-join (every control reached by Tab, each with a visible label and a visible focus indicator) into
 * the lobby, and in the call microphone off, camera off and hanging up, each with Tab and Enter or Space. axe-core
 * finds no serious or critical violation on the pre-join, the lobby and the call screen at that size. The
 * professional (the other browser) uses the mouse.
 */
class CallKeyboardTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start(Map.of("calls.stun-port", "0"));

    /** The focused element: whether it matches {@code predicate} (a JavaScript expression on {@code el}). */
    private static boolean focused(Browser browser, String predicate) {
        return Boolean.TRUE.equals(browser.executeScript(
                "const el = document.activeElement; return !!el && el !== document.body && (" + predicate + ");"));
    }

    /** Presses Tab until the focused element matches {@code predicate} (at most 80 times). */
    private static void tabTo(Browser browser, String what, String predicate) {
        for (int i = 0; i < 80; i++) {
            if (focused(browser, predicate)) {
                return;
            }
            browser.pressKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + what);
    }

    /** A predicate for a button by its visible text. */
    private static String button(String text) {
        return "el.tagName === 'BUTTON' && el.textContent.trim() === " + jsString(text);
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * Tabs through the whole page once and returns what of {@code container}'s visible controls was never focused,
     * had no accessible label, or showed no focus indicator when focused from the keyboard.
     */
    @SuppressWarnings("unchecked")
    private static List<String> keyboardProblems(Browser browser, String container) {
        browser.executeScript("window.__kbSeen = new Set(); window.__kbBad = [];");
        for (int i = 0; i < 80; i++) {
            browser.pressKeys(Keys.TAB);
            browser.executeScript("""
                    const el = document.activeElement;
                    if (!el || !el.closest(arguments[0])) return;
                    window.__kbSeen.add(el);
                    const s = getComputedStyle(el);
                    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
                    const label = (el.labels && el.labels.length ? el.labels[0].textContent
                        : el.getAttribute('aria-label') || el.textContent || '').trim();
                    if (!ring) window.__kbBad.push('no visible focus: ' + (label || el.outerHTML.slice(0, 60)));
                    if (!label) window.__kbBad.push('no label: ' + el.outerHTML.slice(0, 80));""", container);
        }
        List<String> problems = new ArrayList<>((List<String>) browser.executeScript("""
                const all = [...document.querySelectorAll(arguments[0] + ' :is(button, select, input, a[href], textarea)')]
                    .filter(el => !el.disabled && el.offsetParent !== null);
                if (!all.length) return ['no visible controls in ' + arguments[0]];
                return all.filter(el => !window.__kbSeen.has(el))
                    .map(el => 'not reached by Tab: ' + (el.textContent.trim() || el.outerHTML.slice(0, 60)));""",
                container));
        problems.addAll((List<String>) browser.executeScript("return [...new Set(window.__kbBad)];"));
        return problems;
    }

    @ParameterizedTest(name = "client on {0}")
    @EnumSource(Viewport.class)
    void theClientTakesACallWithTheKeyboardOnly(Viewport viewport) {
        String size = viewport.name().toLowerCase(Locale.ROOT);
        String nickname = "Toets" + viewport.ordinal();
        Viewport proViewport = viewport == Viewport.PHONE ? Viewport.DESKTOP : Viewport.PHONE;
        try (Browser clientBrowser = Browser.start(viewport);
             Browser proBrowser = Browser.start(proViewport)) {
            ChatToVideo chat = ChatToVideo.openChat(server, clientBrowser, proBrowser, nickname, "Kan ik bellen?",
                    false);
            chat.invite();

            // The pre-join: every control by Tab, labelled, with a visible focus; then "Meedoen" with Enter.
            chat.clientCall.waitForSound();
            AxeCheck.assertNoSeriousViolations(clientBrowser, "call-keyboard-prejoin-" + size);
            assertThat(keyboardProblems(clientBrowser, ".call-prejoin")).as("pre-join by keyboard").isEmpty();
            tabTo(clientBrowser, "the join button", button("Meedoen"));
            clientBrowser.pressKeys(Keys.ENTER);
            chat.clientCall.waitForLobby();
            AxeCheck.assertNoSeriousViolations(clientBrowser, "call-keyboard-lobby-" + size);
            assertThat(keyboardProblems(clientBrowser, ".call-lobby")).as("lobby by keyboard").isEmpty();

            chat.admitAndConnect();
            chat.clientCall.waitForCall();
            AxeCheck.assertNoSeriousViolations(clientBrowser, "call-keyboard-screen-" + size);
            assertThat(keyboardProblems(clientBrowser, "section.call")).as("call screen by keyboard").isEmpty();
            clientBrowser.screenshot("call-keyboard-screen-" + size);

            // Microphone off with Space, camera off with Enter: the buttons say so and the professional sees it.
            tabTo(clientBrowser, "the microphone button", button("Microfoon uitzetten"));
            clientBrowser.pressKeys(Keys.SPACE);
            clientBrowser.waitFor(By.cssSelector("section.call .call__mic[aria-pressed=true]"));
            assertThat(focused(clientBrowser, button("Microfoon aanzetten"))).as("focus stays on the button").isTrue();
            chat.proCall.waitForTileText(nickname, "microfoon uit");
            tabTo(clientBrowser, "the camera button", button("Camera uitzetten"));
            clientBrowser.pressKeys(Keys.ENTER);
            clientBrowser.waitFor(By.cssSelector("section.call .call__camera[aria-pressed=true]"));
            chat.proCall.waitForTileText(nickname, "camera uit");

            // Hang up with Enter: the call is over for the client, camera and microphone released.
            tabTo(clientBrowser, "the hang-up button", button("Ophangen"));
            clientBrowser.pressKeys(Keys.ENTER);
            await("the client's camera and microphone released").atMost(Browser.WAIT)
                    .until(() -> CallProbe.liveCaptureTracks(clientBrowser) == 0
                            && CallProbe.states(clientBrowser).isEmpty());
            clientBrowser.waitUntilGone(CallScreens.CALL);
            chat.waitForProNotice("Iedereen is weg uit het videogesprek.");
        }
    }
}
