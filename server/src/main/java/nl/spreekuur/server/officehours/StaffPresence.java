package nl.spreekuur.server.officehours;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers since when a professional has had no connection on this node, so that a professional who closed the
 * browser without going off duty is taken off duty after a grace period instead of keeping clients admitted to a
 * queue nobody serves.
 */
final class StaffPresence {
    private final Clock clock;
    private final Map<String, Set<String>> connections = new ConcurrentHashMap<>();
    private final Map<String, Instant> goneSince = new ConcurrentHashMap<>();

    StaffPresence(Clock clock) {
        this.clock = clock;
    }

    void connected(String accountId, String connectionId) {
        connections.computeIfAbsent(accountId, k -> ConcurrentHashMap.newKeySet()).add(connectionId);
        goneSince.remove(accountId);
    }

    void disconnected(String accountId, String connectionId) {
        connections.computeIfPresent(accountId, (k, set) -> {
            set.remove(connectionId);
            if (set.isEmpty()) {
                goneSince.put(accountId, clock.instant());
                return null;
            }
            return set;
        });
    }

    /** Accounts whose last connection went before the cut-off; they are forgotten once returned. */
    Set<String> goneBefore(Instant cutoff) {
        Set<String> gone = ConcurrentHashMap.newKeySet();
        goneSince.forEach((account, since) -> {
            if (since.isBefore(cutoff) && goneSince.remove(account, since)) {
                gone.add(account);
            }
        });
        return gone;
    }
}
