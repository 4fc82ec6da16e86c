package nl.spreekuur.server.effects;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small counts are not shown: a count of 1..4 could point at one person, so reports and exports show "< 5"
 * instead. 0 is shown (it points at nobody). A measure of a distribution (a p50/p90 of waits, chats, messages,
 * handling times) is shown only when the count it is computed from is at least 5.
 */
public final class Suppression {
    public static final int THRESHOLD = 5;
    public static final String SHOWN_INSTEAD = "< 5";

    private Suppression() {
    }

    /** Whether the figure must not be shown, given the figures of the same period and scope. */
    public static boolean suppressed(FigureKind kind, long value, Map<String, Long> sameScope) {
        if (kind.basis().isPresent()) {
            return sameScope.getOrDefault(kind.basis().get().key(), 0L) < THRESHOLD;
        }
        return value > 0 && value < THRESHOLD;
    }

    /** {@code {"value": n, "display": "n"}} or {@code {"value": null, "display": "< 5", "suppressed": true}}. */
    static Map<String, Object> cell(FigureKind kind, long value, Map<String, Long> sameScope) {
        Map<String, Object> cell = new LinkedHashMap<>();
        if (suppressed(kind, value, sameScope)) {
            cell.put("value", null);
            cell.put("display", SHOWN_INSTEAD);
            cell.put("suppressed", true);
        } else {
            cell.put("value", value);
            cell.put("display", Long.toString(value));
        }
        return cell;
    }

    /** For the export format: the number, or the string "< 5". */
    static Object exported(FigureKind kind, long value, Map<String, Long> sameScope) {
        return suppressed(kind, value, sameScope) ? SHOWN_INSTEAD : (Object) value;
    }
}
