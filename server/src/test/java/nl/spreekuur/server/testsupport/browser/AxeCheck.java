package nl.spreekuur.server.testsupport.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Accessibility check of the page a {@link Browser} shows, with the axe-core that {@code npm ci} installs in
 * {@code web-client/node_modules} (no CDN, no download at test time). Checks the WCAG 2.0/2.1/2.2 A and AA rules.
 */
public final class AxeCheck {

    static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");

    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
              .then(results => done(results.violations.map(v => ({
                id: v.id,
                impact: v.impact || 'unknown',
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' >>> '))
              }))))
              .catch(error => done({error: String(error)}));
            """;

    private static String source;

    private AxeCheck() {
    }

    /** All WCAG A/AA violations on the current page, whatever their impact. */
    public static List<AxeViolation> run(Browser browser) {
        inject(browser);
        Object result = browser.executeAsyncScript(RUN, WCAG_TAGS);
        if (result instanceof Map<?, ?> failure) {
            throw new IllegalStateException("axe.run failed on " + browser.currentUrl() + ": " + failure.get("error"));
        }
        return ((List<?>) result).stream().map(AxeCheck::toViolation).toList();
    }

    /**
     * Fails when the current page has a serious or critical violation, listing each one; saves a screenshot
     * {@code axe-<screenName>.png} of the failing screen.
     */
    /**
     * What is wrong with the screen now showing, each line prefixed with the screen's name: programming leftovers in
     * its text ("null", "undefined", "NaN") and every serious or critical axe violation. Empty when it is fine.
     */
    public static List<String> screenProblems(Browser browser, String screen) {
        List<String> problems = new ArrayList<>();
        Object leftovers = browser.executeScript(
                "return (document.body.innerText.match(/\\b(null|undefined|NaN)\\b/g) || []).join(', ');");
        if (!"".equals(leftovers)) {
            problems.add(screen + ": shows programming leftovers: " + leftovers);
        }
        for (AxeViolation violation : run(browser)) {
            if (violation.isSerious()) {
                problems.add(screen + ": " + violation.summary());
            }
        }
        return problems;
    }

    public static void assertNoSeriousViolations(Browser browser, String screenName) {
        List<AxeViolation> serious = run(browser).stream().filter(AxeViolation::isSerious).toList();
        if (!serious.isEmpty()) {
            Path shot = browser.screenshot("axe-" + screenName);
            throw new AssertionError(serious.size() + " serious accessibility violation(s) on screen '" + screenName
                    + "' (" + browser.currentUrl() + "), screenshot " + shot + ":\n" + serious.stream()
                    .map(v -> "  - " + v.summary()).collect(Collectors.joining("\n")));
        }
    }

    private static void inject(Browser browser) {
        Object present = browser.executeScript("return typeof window.axe === 'object';");
        if (!Boolean.TRUE.equals(present)) {
            browser.executeScript(axeSource());
        }
    }

    private static synchronized String axeSource() {
        if (source == null) {
            Path file = ProjectRoot.find().resolve("web-client/node_modules/axe-core/axe.min.js");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing: run `npm ci` in web-client, or bin/test, "
                        + "which installs axe-core for the accessibility checks.");
            }
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return source;
    }

    private static AxeViolation toViolation(Object raw) {
        Map<?, ?> v = (Map<?, ?>) raw;
        List<String> targets = ((List<?>) v.get("targets")).stream().map(String::valueOf).toList();
        return new AxeViolation(String.valueOf(v.get("id")), String.valueOf(v.get("impact")),
                String.valueOf(v.get("help")), String.valueOf(v.get("helpUrl")), targets);
    }
}
