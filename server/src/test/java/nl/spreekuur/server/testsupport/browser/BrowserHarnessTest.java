package nl.spreekuur.server.testsupport.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

class BrowserHarnessTest {

    private static HarnessPages pages;
    private static EchoWebSocketServer echo;

    @BeforeAll
    static void startServers() throws InterruptedException {
        pages = HarnessPages.start();
        echo = EchoWebSocketServer.start();
    }

    @AfterAll
    static void stopServers() {
        pages.close();
        echo.close();
    }

    private static String withEcho(String page) {
        return pages.url(page) + "?ws=" + echo.port();
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void drivesAPageAndScreenshotsItAtTheViewportWidth(Viewport viewport) throws IOException {
        try (Browser browser = Browser.start(viewport)) {
            browser.open(withEcho("good.html"));

            browser.type(By.id("name"), "Sam");
            browser.click(By.id("greet"));
            browser.waitForText(By.id("greeting"), "Hallo Sam");
            // Typing the capital S above already released Shift once: count from here.
            long shiftsBefore = Long.parseLong(browser.text(By.id("shifts")));
            browser.pressKeys(Keys.SHIFT, Keys.SHIFT, Keys.SHIFT);
            browser.waitForText(By.id("shifts"), String.valueOf(shiftsBefore + 3));

            assertThat(browser.executeScript("return window.innerWidth;")).isEqualTo((long) viewport.width());
            assertThat(browser.executeScript("return window.innerHeight;")).isEqualTo((long) viewport.height());
            assertThat(browser.executeScript("return navigator.maxTouchPoints > 0;")).isEqualTo(viewport.mobile());
            assertThat(browser.text(By.id("language"))).isEqualTo("nl-NL");

            Path png = browser.screenshot("browser-harness-" + viewport.name().toLowerCase());
            assertThat(png).isEqualTo(Screenshots.directory().resolve(png.getFileName())).exists();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("decodable PNG").isNotNull();
            assertThat(image.getWidth()).isEqualTo(viewport.width());
        }
    }

    @Test
    void reportsStorageHistoryUrlAndConsoleErrors() {
        try (Browser browser = Browser.start(Viewport.PHONE)) {
            browser.open(pages.url("good.html")); // its WebSocket goes nowhere and logs an error
            long historyBefore = browser.historyLength();

            assertThat(browser.localStorageSize()).isZero();
            assertThat(browser.sessionStorageSize()).isZero();
            browser.executeScript("localStorage.setItem('a', '1'); localStorage.setItem('b', '2');"
                    + " sessionStorage.setItem('c', '3');");
            assertThat(browser.localStorageSize()).isEqualTo(2);
            assertThat(browser.sessionStorageSize()).isEqualTo(1);

            List<String> errors = browser.waitUntil("the failed WebSocket in the console", d -> {
                List<String> logged = browser.consoleErrors();
                return logged.isEmpty() ? null : logged;
            });
            assertThat(errors).anyMatch(message -> message.contains("ws://127.0.0.1:1/echo"));

            browser.open(pages.url("missing-label.html"));
            assertThat(browser.currentUrl()).isEqualTo(pages.url("missing-label.html"));
            assertThat(browser.historyLength()).isEqualTo(historyBefore + 1);
            assertThat(browser.consoleErrors()).as("errors are kept across pages").containsAll(errors);
        }
    }

    @Test
    void axeFindsTheMissingLabelAndPassesTheGoodPage() {
        try (Browser browser = Browser.start(Viewport.DESKTOP)) {
            browser.open(withEcho("good.html"));
            AxeCheck.assertNoSeriousViolations(browser, "harness-good");

            browser.open(pages.url("missing-label.html"));
            assertThat(AxeCheck.run(browser))
                    .anySatisfy(violation -> {
                        assertThat(violation.id()).isEqualTo("label");
                        assertThat(violation.isSerious()).isTrue();
                        assertThat(violation.targets()).containsExactly("#nameless");
                    });
            assertThatThrownBy(() -> AxeCheck.assertNoSeriousViolations(browser, "harness-missing-label"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("harness-missing-label")
                    .hasMessageContaining("label (critical)")
                    .hasMessageContaining("#nameless");
            assertThat(Screenshots.pathFor("axe-harness-missing-label")).exists();
        }
    }

    @Test
    void twoBrowsersRunSideBySideWithSeparateProfiles() {
        try (Browser client = Browser.start(Viewport.PHONE);
             Browser professional = Browser.start(Viewport.DESKTOP)) {
            client.open(withEcho("good.html"));
            professional.open(withEcho("good.html"));
            client.waitForText(By.id("socket"), "echo ping");
            professional.waitForText(By.id("socket"), "echo ping");

            client.executeScript("localStorage.setItem('only', 'client');");
            assertThat(client.localStorageSize()).isEqualTo(1);
            assertThat(professional.localStorageSize()).as("same origin, other profile").isZero();

            client.close();
            professional.type(By.id("name"), "Kim");
            professional.click(By.id("greet"));
            professional.waitForText(By.id("greeting"), "Hallo Kim");
        }
    }

    @Test
    void dropsWebSocketsAndCutsTheNetwork() {
        try (Browser browser = Browser.start(Viewport.PHONE)) {
            browser.open(withEcho("good.html"));
            browser.waitForText(By.id("socket"), "echo ping");
            assertThat(browser.openWebSocketCount()).isEqualTo(1);

            assertThat(browser.dropWebSockets()).isEqualTo(1);
            browser.waitForText(By.id("socket"), "dicht 4000");
            assertThat(browser.openWebSocketCount()).isZero();

            browser.executeScript("reconnect();");
            browser.waitForText(By.id("socket"), "echo ping");

            browser.setOffline(true);
            browser.waitUntil("navigator.onLine false",
                    d -> Boolean.FALSE.equals(browser.executeScript("return navigator.onLine;")));
            assertThat(browser.openWebSocketCount()).as("Chromium keeps open sockets when going offline").isEqualTo(1);
            browser.setOffline(false);

            browser.loseNetwork();
            browser.waitForText(By.id("socket"), "dicht 4000");
            browser.executeScript("reconnect();");
            browser.waitForText(By.id("socket"), "dicht 1006");

            browser.restoreNetwork();
            browser.executeScript("reconnect();");
            browser.waitForText(By.id("socket"), "echo ping");
        }
    }

    @Test
    void closeQuitsTheDriverAndDeletesTheProfile() {
        Browser browser = Browser.start(Viewport.DESKTOP);
        Path profile = browser.profileDirectory();
        assertThat(profile).isDirectory();
        assertThat(browser.driverRunning()).isTrue();

        browser.close();
        browser.close(); // twice is harmless

        assertThat(Files.exists(profile)).isFalse();
        assertThat(browser.driverRunning()).isFalse();
    }
}
