package nl.spreekuur.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.spreekuur.server.testsupport.WebTestServer;
import nl.spreekuur.server.testsupport.browser.Browser;
import nl.spreekuur.server.testsupport.browser.Viewport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The client's entry page (an office hour's page, the link websites give) on an emulated slow phone: Chromium's
 * network emulation at 400 kbit/s down and up with 400 ms latency, and its CPU 4× slower (DevTools protocol through
 * chromedriver). It asserts that the page becomes usable (the join form is there) on a first and a repeat visit and
 * that the repeat visit transfers less; the measured time to usable, the requests and the bytes are printed
 * ({@code slow-phone:} lines) and recorded in BENCHMARKS.md, not asserted (tests assert behaviour, not speed).
 *
 * <p>"Usable" is when the nickname field of the join form is in the page, taken in the page itself: a script added
 * before any page script watches the DOM and notes {@code performance.now()} (ms since navigation start).
 */
class SlowPhoneLoadTest {
    private static final int KBIT_PER_S = 400;
    private static final int LATENCY_MS = 400;
    private static final int CPU_SLOWDOWN = 4;

    @AutoClose
    private static final WebTestServer server = WebTestServer.start();

    @Test
    void theEntryPageBecomesUsableOnASlowPhoneAndARepeatVisitTransfersLess() {
        try (Browser phone = Browser.start(Viewport.PHONE)) {
            phone.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "new MutationObserver((changes, observer) => {"
                            + "  if (document.querySelector('input[name=nickname]')) {"
                            + "    window.__usableAt = performance.now(); observer.disconnect(); }"
                            + "}).observe(document, { childList: true, subtree: true });"));
            phone.cdp("Network.enable", Map.of());
            int bytesPerSecond = KBIT_PER_S * 1000 / 8;
            phone.cdp("Network.emulateNetworkConditions", Map.of("offline", false, "latency", LATENCY_MS,
                    "downloadThroughput", bytesPerSecond, "uploadThroughput", bytesPerSecond));
            phone.cdp("Emulation.setCPUThrottlingRate", Map.of("rate", CPU_SLOWDOWN));
            String url = server.clientUrl(server.open());

            Visit first = visit(phone, url, "first visit");
            Visit repeat = visit(phone, url, "repeat visit");

            assertThat(first.usableMs()).as("the join form appeared").isPositive();
            assertThat(repeat.usableMs()).as("the join form appeared again").isPositive();
            assertThat(repeat.transferredBytes()).as("a repeat visit transfers less than the first")
                    .isLessThan(first.transferredBytes());
        }
    }

    private record Visit(double usableMs, long requests, long transferredBytes) {
    }

    private static Visit visit(Browser phone, String url, String what) {
        phone.open(url);
        phone.waitFor(By.cssSelector("input[name=nickname]"));
        phone.waitForText(By.cssSelector("h1"), server.open().getName());
        Object usable = phone.waitUntil("the usable time noted", d -> phone.executeScript("return window.__usableAt;"));
        @SuppressWarnings("unchecked")
        List<Number> totals = (List<Number>) phone.executeScript(
                "const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];"
                        + "return [entries.length, entries.reduce((sum, e) => sum + (e.transferSize || 0), 0)];");
        Visit visit = new Visit(((Number) usable).doubleValue(), totals.get(0).longValue(), totals.get(1).longValue());
        System.out.printf(Locale.ROOT, "slow-phone: %s (%d kbit/s, %d ms latency, CPU %dx slower): usable after %.0f ms,"
                        + " %d requests, %.1f KiB transferred%n", what, KBIT_PER_S, LATENCY_MS, CPU_SLOWDOWN,
                visit.usableMs(), visit.requests(), visit.transferredBytes() / 1024.0);
        @SuppressWarnings("unchecked")
        List<String> waterfall = (List<String>) phone.executeScript(
                "return performance.getEntriesByType('resource').map(e => Math.round(e.startTime) + '-'"
                        + " + Math.round(e.responseEnd) + ' ms ' + new URL(e.name).pathname + ' ' + (e.transferSize || 0));");
        waterfall.forEach(line -> System.out.println("slow-phone:   " + line));
        return visit;
    }
}
