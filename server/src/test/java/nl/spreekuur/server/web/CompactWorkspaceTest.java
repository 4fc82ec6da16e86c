package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Issue 14: at 1280×800 the professional's queue and three chats fit side by side, with each chat's message field
 * and send button in view, without scrolling the page in either direction; axe on the screen.
 */
class CompactWorkspaceTest {
    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @Test
    void theQueueAndThreeChatsFitSideBySideAt1280WithoutScrolling() {
        List<String> names = List.of("Ravi", "Mila", "Noor");
        try (Browser a = Browser.start(Viewport.PHONE);
             Browser b = Browser.start(Viewport.PHONE);
             Browser c = Browser.start(Viewport.PHONE);
             Browser proBrowser = Browser.start(Viewport.DESKTOP)) {
            ProPage pro = ProPage.logIn(proBrowser, server, server.professional());
            List<Browser> clients = List.of(a, b, c);
            for (int i = 0; i < names.size(); i++) {
                new ClientPage(clients.get(i)).open(server.clientUrl(server.open())).join(names.get(i), "");
                pro.claim(names.get(i));
            }
            proBrowser.waitUntil("three chat columns", d -> d.findElements(By.cssSelector(".workspace-chats > *"))
                    .size() == 3);
            proBrowser.executeScript("window.scrollTo(0, 0);");

            @SuppressWarnings("unchecked")
            Map<String, Object> layout = (Map<String, Object>) proBrowser.executeScript(
                    "const w = window.innerWidth, h = window.innerHeight;"
                    + "const doc = document.documentElement;"
                    + "const queue = document.querySelector('#panel-queue').getBoundingClientRect();"
                    + "const chats = [...document.querySelectorAll('.workspace-chats > *')].map(e => e.getBoundingClientRect());"
                    + "const inputs = [...document.querySelectorAll('.workspace-chats .chat__input')].map(e => e.getBoundingClientRect());"
                    + "const sends = [...document.querySelectorAll('.workspace-chats .chat__composer button[type=submit]')].map(e => e.getBoundingClientRect());"
                    + "const inView = r => r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h && r.width > 0;"
                    + "const sorted = [queue, ...chats].sort((x, y) => x.left - y.left);"
                    + "return {"
                    + " horizontalScroll: doc.scrollWidth > w, verticalScroll: doc.scrollHeight > h,"
                    + " oneRow: chats.every(r => r.top === chats[0].top) && queue.top <= chats[0].top + 1,"
                    + " noOverlap: sorted.every((r, i) => i === 0 || sorted[i - 1].right <= r.left + 0.5),"
                    + " inputsInView: inputs.length === 3 && inputs.every(inView),"
                    + " sendsInView: sends.length === 3 && sends.every(inView),"
                    + " narrowestChat: Math.min(...chats.map(r => r.width)) };");
            proBrowser.screenshot("workspace-three-chats-desktop");
            assertThat(layout).containsEntry("horizontalScroll", false).containsEntry("verticalScroll", false)
                    .containsEntry("oneRow", true).containsEntry("noOverlap", true)
                    .containsEntry("inputsInView", true).containsEntry("sendsInView", true);
            assertThat(((Number) layout.get("narrowestChat")).doubleValue())
                    .as("a chat column stays readable").isGreaterThanOrEqualTo(250);
            WorkspaceToolsTest.check(proBrowser, "three-chats", Viewport.DESKTOP);

            for (String name : names) {
                pro.clickChatAction(name, "Gesprek beëindigen");
                pro.confirmDialog("Gesprek beëindigen");
            }
        }
    }
}
