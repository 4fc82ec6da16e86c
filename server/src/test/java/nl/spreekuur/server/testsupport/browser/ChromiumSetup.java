package nl.spreekuur.server.testsupport.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;

/**
 * How a test Chromium is launched: Debian's chromium and chromedriver at fixed paths, never anything downloaded.
 *
 * <p>Selenium Manager only runs when Selenium has to look for a driver. Giving the service an explicit
 * executable skips it entirely; the {@code SE_*} properties (which Selenium hands to Selenium Manager as
 * environment) are a second guard so that, should it ever run, it stays offline and downloads no browser.
 */
final class ChromiumSetup {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** How long chromedriver may take to listen on its port. */
    static final Duration DRIVER_START_TIMEOUT = Duration.ofSeconds(20);

    private static final List<String> ARGUMENTS = List.of(
            "--headless=new",
            "--no-sandbox", // tests may run as root in containers, where the sandbox cannot start
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--password-store=basic",
            "--mute-audio",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--force-device-scale-factor=1",
            "--lang=nl-NL");

    /**
     * Selenium warns at every start that it has no CDP bindings for this Chromium. The harness never uses those
     * bindings (only chromedriver's version-independent CDP pass-through), so the warning is noise. Held in a
     * field because java.util.logging keeps loggers only weakly.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private ChromiumSetup() {
    }

    static void requireInstalled() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the browser tests need Debian's chromium and "
                        + "chromium-driver packages. Run bin/test, it installs them.");
            }
        }
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
    }

    static ChromeDriverService service(Path logFile) {
        return new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(DRIVER_START_TIMEOUT)
                .withLogLevel(ChromiumDriverLogLevel.WARNING)
                .withLogFile(logFile.toFile())
                .build();
    }

    static ChromeOptions options(Viewport viewport, Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(CHROMIUM.toString()));
        options.addArguments(ARGUMENTS);
        options.addArguments("--user-data-dir=" + profile, "--window-size=" + viewport.width() + "," + viewport.height());
        if (viewport.mobile()) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                    "width", viewport.width(),
                    "height", viewport.height(),
                    "pixelRatio", 1.0,
                    "mobile", true,
                    "touch", true)));
        }
        // --lang only sets the UI language; the page sees navigator.language(s) and Accept-Language from this pref.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "nl-NL,nl"));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.setPageLoadTimeout(Duration.ofSeconds(15));
        options.setScriptTimeout(Duration.ofSeconds(30));
        return options;
    }
}
