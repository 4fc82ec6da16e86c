package nl.spreekuur.server.testsupport.browser;

import java.util.List;

/**
 * One axe-core rule the page breaks.
 *
 * @param id      the axe rule id, e.g. {@code label} or {@code color-contrast}
 * @param impact  {@code minor}, {@code moderate}, {@code serious} or {@code critical}
 * @param help    one-line description of what is wrong
 * @param helpUrl axe's explanation of the rule
 * @param targets CSS selectors of the offending elements
 */
public record AxeViolation(String id, String impact, String help, String helpUrl, List<String> targets) {

    public boolean isSerious() {
        return "serious".equals(impact) || "critical".equals(impact);
    }

    /** {@code id (impact): help -> first target}, the line a failing assertion prints. */
    public String summary() {
        return id + " (" + impact + "): " + help + " -> " + (targets.isEmpty() ? "(no element)" : targets.get(0));
    }
}
