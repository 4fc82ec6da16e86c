package nl.spreekuur.server.durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a kill-and-restart run saw: counts for the report, one line per kill of what happened, and one line per
 * broken promise (a problem). Collected over the whole run instead of failing at the first, so one failing build
 * shows the whole picture (how much was lost, and whether the resuming client was told).
 */
final class Findings {
    /** How many ids a problem line names before it says "…". */
    private static final int IDS_SHOWN = 5;

    private final List<String> problems = new ArrayList<>();
    private final List<String> kills = new ArrayList<>();
    private final Set<String> lost = new TreeSet<>();
    private final Set<String> duplicated = new TreeSet<>();
    private int recovered;
    private int notRecovered;
    private int diverged;

    void problem(String line) {
        problems.add(line);
    }

    void kill(String line) {
        kills.add(line);
    }

    /** Acknowledged messages missing from the stored history; returns those not reported before. */
    Set<String> lost(Set<String> ids) {
        Set<String> fresh = new TreeSet<>(ids);
        fresh.removeAll(lost);
        lost.addAll(ids);
        return fresh;
    }

    /** Messages stored more than once; returns those not reported before. */
    Set<String> duplicated(Set<String> ids) {
        Set<String> fresh = new TreeSet<>(ids);
        fresh.removeAll(duplicated);
        duplicated.addAll(ids);
        return fresh;
    }

    void resumed(boolean wasRecovered) {
        if (wasRecovered) {
            recovered++;
        } else {
            notRecovered++;
        }
    }

    /** A resume that said {@code recovered: true} although the history the client kept was no longer the server's. */
    void diverged() {
        diverged++;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    int lostCount() {
        return lost.size();
    }

    int duplicatedCount() {
        return duplicated.size();
    }

    int recoveredCount() {
        return recovered;
    }

    int notRecoveredCount() {
        return notRecovered;
    }

    int divergedCount() {
        return diverged;
    }

    /** The whole run in a few lines: totals, each kill, each problem. */
    String report(int acknowledged) {
        StringBuilder out = new StringBuilder();
        out.append("acknowledged ").append(acknowledged).append(", lost ").append(lost.size())
                .append(", duplicated ").append(duplicated.size()).append(", resumed recovered=true ")
                .append(recovered).append(" (silently diverged ").append(diverged).append("), recovered=false ")
                .append(notRecovered).append('\n');
        kills.forEach(line -> out.append("  ").append(line).append('\n'));
        problems.forEach(line -> out.append("  PROBLEM: ").append(line).append('\n'));
        return out.toString();
    }

    /** A few of the ids, for a problem line. */
    static String some(Set<String> ids) {
        List<String> shown = ids.stream().limit(IDS_SHOWN).toList();
        return String.join(", ", shown) + (ids.size() > IDS_SHOWN ? ", …" : "");
    }
}
