package nl.spreekuur.server.testsupport.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for an end-to-end test: its own chromedriver process on a free port and its own fresh
 * profile, so several browsers (a client and a professional) can run side by side without sharing cookies or
 * storage. Close it (try-with-resources) to quit the browser and delete the profile.
 *
 * <pre>{@code
 * try (Browser client = Browser.start(Viewport.PHONE)) {
 *     client.open(server.url("/"));
 *     client.type(By.id("nickname"), "Sam");
 *     client.click(By.cssSelector("button[type=submit]"));
 *     client.waitForText(By.id("status"), "in de wachtrij");
 *     AxeCheck.assertNoSeriousViolations(client, "client-queue");
 * }
 * }</pre>
 *
 * <p>Every wait gives up after {@link #WAIT} and then saves a screenshot whose path is in the failure message.
 */
public final class Browser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** Generous, but bounded: a hung chromedriver fails the test instead of hanging the build. */
    private static final ClientConfig HTTP = ClientConfig.defaultConfig()
            .connectionTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(60));

    private static final AtomicInteger BROWSERS = new AtomicInteger();
    private static final AtomicInteger TIMEOUTS = new AtomicInteger();
    private static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();

    static {
        // A test that forgets close() must not leave Chromium processes behind after the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(Browser::closeAllOpen, "browser-harness-cleanup"));
    }

    private final String id;
    private final Viewport viewport;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> consoleErrors = new ArrayList<>();
    private boolean networkEnabled;
    private boolean closed;

    private Browser(String id, Viewport viewport, ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.id = id;
        this.viewport = viewport;
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a fresh browser showing an empty page. Fails with a hint to run bin/test if Chromium is missing. */
    public static Browser start(Viewport viewport) {
        ChromiumSetup.requireInstalled();
        String id = "browser-" + BROWSERS.incrementAndGet();
        Path profile = createProfile();
        ChromeDriverService service = ChromiumSetup.service(driverLog(id));
        ChromeDriver driver;
        try {
            service.start();
            driver = new ChromeDriver(service, ChromiumSetup.options(viewport, profile), HTTP);
        } catch (RuntimeException | IOException e) {
            service.stop();
            deleteTree(profile);
            throw new IllegalStateException("cannot start headless Chromium (" + ChromiumSetup.CHROMIUM
                    + " via " + ChromiumSetup.CHROMEDRIVER + "); chromedriver log: " + driverLog(id), e);
        }
        Browser browser = new Browser(id, viewport, service, driver, profile);
        OPEN.add(browser);
        try {
            browser.fitWindowToViewport();
            browser.installWebSocketTracker();
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    public Viewport viewport() {
        return viewport;
    }

    /** The Selenium driver, for anything this class does not cover. */
    public WebDriver driver() {
        return driver;
    }

    // ---- navigation and waiting -------------------------------------------------------------------------------

    /** Loads {@code url} and waits for the load event (at most 15 s). */
    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Waits until an element matching {@code by} is visible and returns it. */
    public WebElement waitFor(By by) {
        return waitUntil("visible " + by, ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until a visible element matching {@code by} contains {@code text} and returns it. */
    public WebElement waitForText(By by, String text) {
        return waitUntil("text '" + text + "' in " + by, d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() && element.getText().contains(text) ? element : null;
        });
    }

    /** Waits until no visible element matches {@code by} (removed or hidden). */
    public void waitUntilGone(By by) {
        waitUntil("gone " + by, ExpectedConditions.invisibilityOfElementLocated(by));
    }

    /**
     * Waits until {@code condition} returns something other than null or false, ignoring missing and stale
     * elements meanwhile; on timeout saves a screenshot and fails with {@code description}.
     */
    public <T> T waitUntil(String description, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT)
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            Path shot = screenshot(id + "-timeout-" + TIMEOUTS.incrementAndGet());
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + description + " on "
                    + driver.getCurrentUrl() + "; screenshot: " + shot, e);
        }
    }

    /** The visible text of the element matching {@code by}, once it is visible. */
    public String text(By by) {
        return waitFor(by).getText();
    }

    // ---- input ------------------------------------------------------------------------------------------------

    /** Waits until the element is clickable, then clicks it. */
    public void click(By by) {
        waitUntil("clickable " + by, ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Types into the element (appending to what it holds); include {@code Keys.ENTER} to submit. */
    public void type(By by, CharSequence... keys) {
        waitFor(by).sendKeys(keys);
    }

    /**
     * Presses and releases each key in turn on whatever has focus, e.g.
     * {@code pressKeys(Keys.SHIFT, Keys.SHIFT, Keys.SHIFT)} for the quick exit.
     */
    public void pressKeys(CharSequence... keys) {
        Actions actions = new Actions(driver);
        for (CharSequence key : keys) {
            actions.keyDown(key).keyUp(key);
        }
        actions.perform();
    }

    // ---- scripts and page state -------------------------------------------------------------------------------

    /** Runs {@code script} as a function body in the page ({@code arguments[i]} are the args); returns its result. */
    public Object executeScript(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Like {@link #executeScript} but the script calls {@code arguments[arguments.length - 1]} with its result. */
    public Object executeAsyncScript(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    /** Number of entries in the page's localStorage. */
    public long localStorageSize() {
        return number("return window.localStorage.length;");
    }

    /** Number of entries in the page's sessionStorage. */
    public long sessionStorageSize() {
        return number("return window.sessionStorage.length;");
    }

    /** {@code history.length} of the current tab: how many entries the back button can reach, plus one. */
    public long historyLength() {
        return number("return window.history.length;");
    }

    /**
     * Every console error (level SEVERE: {@code console.error}, uncaught exceptions, failed loads and WebSocket
     * connections) the browser logged since it started, in order.
     */
    public synchronized List<String> consoleErrors() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(entry.getMessage());
            }
        }
        return List.copyOf(consoleErrors);
    }

    /** Writes a PNG of the viewport to {@code server/target/screenshots/<name>.png} and returns its path. */
    public Path screenshot(String name) {
        return Screenshots.write(name, driver.getScreenshotAs(OutputType.BYTES));
    }

    // ---- network ----------------------------------------------------------------------------------------------

    /**
     * Simulates losing the network: goes {@linkplain #setOffline offline} and drops the page's WebSockets, so the
     * app sees its connection close and every reconnect attempt fail until {@link #restoreNetwork()}.
     */
    public void loseNetwork() {
        setOffline(true);
        dropWebSockets();
    }

    /** Ends {@link #loseNetwork()}: the page's reconnect attempts succeed again. */
    public void restoreNetwork() {
        setOffline(false);
    }

    /**
     * Cuts this tab off the network (or reconnects it) through the DevTools protocol: new requests and WebSocket
     * connections fail and {@code navigator.onLine} turns false. WebSockets that are already open stay open
     * (Chromium only blocks new traffic): use {@link #loseNetwork()} to cut those too. Uses chromedriver's raw CDP
     * pass-through, which does not depend on Selenium shipping bindings for this Chromium version.
     */
    public void setOffline(boolean offline) {
        if (!networkEnabled) {
            driver.executeCdpCommand("Network.enable", Map.of());
            networkEnabled = true;
        }
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of(
                "offline", offline,
                "latency", 0,
                "downloadThroughput", -1,
                "uploadThroughput", -1));
    }

    /**
     * Any DevTools protocol command through chromedriver's raw CDP pass-through (permissions, network and CPU
     * throttling); returns the command's result.
     */
    public Map<String, Object> cdp(String method, Map<String, Object> params) {
        return driver.executeCdpCommand(method, params);
    }

    /**
     * Closes every open WebSocket the page created (the page's own reconnect logic sees an unexpected close, code
     * 4000). Returns how many were closed. Works on any page: sockets are tracked by a script the browser injects
     * before page scripts run.
     */
    public long dropWebSockets() {
        return number("const tracked = window.__browserHarnessSockets || [];"
                + "const live = tracked.filter(s => s.readyState === WebSocket.CONNECTING || s.readyState === WebSocket.OPEN);"
                + "live.forEach(s => s.close(4000, 'dropped by browser test'));"
                + "return live.length;");
    }

    /** How many WebSockets the page holds open right now. */
    public long openWebSocketCount() {
        return number("return (window.__browserHarnessSockets || []).filter(s => s.readyState === WebSocket.OPEN).length;");
    }

    /**
     * Headless Chromium still reserves room for a (virtual) toolbar, so --window-size gives a shorter page than
     * asked. The phone is emulated exactly; the desktop window is grown by whatever the browser frame takes.
     */
    private void fitWindowToViewport() {
        if (viewport.mobile()) {
            return;
        }
        List<?> frame = (List<?>) driver.executeScript(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
        int extraWidth = ((Number) frame.get(0)).intValue();
        int extraHeight = ((Number) frame.get(1)).intValue();
        driver.manage().window().setSize(
                new Dimension(viewport.width() + extraWidth, viewport.height() + extraHeight));
    }

    private void installWebSocketTracker() {
        // A Proxy keeps `instanceof WebSocket` and the static constants working for the app's own code.
        String tracker = "(() => {"
                + "const sockets = [];"
                + "Object.defineProperty(window, '__browserHarnessSockets', {value: sockets, enumerable: false});"
                + "window.WebSocket = new Proxy(window.WebSocket, {construct(target, args, newTarget) {"
                + "  const socket = Reflect.construct(target, args, newTarget); sockets.push(socket); return socket;"
                + "}});"
                + "})();";
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", tracker));
    }

    private long number(String script) {
        Object result = driver.executeScript(script);
        if (!(result instanceof Number n)) {
            throw new IllegalStateException("expected a number from the page, got " + result);
        }
        return n.longValue();
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /** Quits the browser, stops its chromedriver and deletes its profile. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void closeAllOpen() {
        for (Browser browser : List.copyOf(OPEN)) {
            try {
                browser.close();
            } catch (RuntimeException e) {
                System.err.println("could not close " + browser + ": " + e);
            }
        }
    }

    /** The profile folder; for the harness's own test. */
    Path profileDirectory() {
        return profile;
    }

    /** Whether this browser's chromedriver still runs; for the harness's own test. */
    boolean driverRunning() {
        return service.isRunning();
    }

    @Override
    public String toString() {
        return id + " (" + viewport + ")";
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("spreekuur-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile folder", e);
        }
    }

    private static Path driverLog(String id) {
        Path dir = Screenshots.directory().resolveSibling("browser-logs");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir.resolve(id + "-chromedriver.log");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Chromium profile " + root, e);
        }
    }
}
