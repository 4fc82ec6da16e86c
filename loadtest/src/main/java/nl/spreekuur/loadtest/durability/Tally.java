package nl.spreekuur.loadtest.durability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The figures of a durability run: acknowledged, lost and duplicated messages (each counted once, however many
 * checks see it), resumes told {@code recovered: true} or {@code false}, and resumes told "recovered" although the
 * reader's copy was no longer the stored history (silently diverged). Every broken promise is kept as a line.
 */
public final class Tally {
    private final List<String> problems = new ArrayList<>();
    private final Set<String> lost = new HashSet<>();
    private final Set<String> duplicated = new HashSet<>();
    private int acknowledged;
    private int kills;
    private int recovered;
    private int notRecovered;
    private int diverged;

    synchronized void problem(String line) {
        problems.add(line);
    }

    /** Returns how many of the ids were not counted as lost before. */
    int lost(Set<String> ids) {
        int before = lost.size();
        lost.addAll(ids);
        return lost.size() - before;
    }

    /** Returns how many of the ids were not counted as duplicated before. */
    int duplicated(Set<String> ids) {
        int before = duplicated.size();
        duplicated.addAll(ids);
        return duplicated.size() - before;
    }

    void resumed(boolean wasRecovered) {
        if (wasRecovered) {
            recovered++;
        } else {
            notRecovered++;
        }
    }

    void divergedOnce() {
        diverged++;
    }

    void killed() {
        kills++;
    }

    void acknowledged(int count) {
        acknowledged = count;
    }

    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    public int kills() {
        return kills;
    }

    public int acknowledged() {
        return acknowledged;
    }

    public int lost() {
        return lost.size();
    }

    public int duplicated() {
        return duplicated.size();
    }

    public int recovered() {
        return recovered;
    }

    public int notRecovered() {
        return notRecovered;
    }

    public int diverged() {
        return diverged;
    }

    /** One line of figures. */
    public String summary() {
        return "kills " + kills + ", acknowledged " + acknowledged + ", lost " + lost.size() + ", duplicated "
                + duplicated.size() + ", resumed recovered=true " + recovered + " (silently diverged " + diverged
                + "), recovered=false " + notRecovered;
    }
}
