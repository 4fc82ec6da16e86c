package nl.spreekuur.server.officehours;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.spreekuur.server.presence.NodePresence;

/**
 * Which professionals have no connection any more, so that one who closed the browser without going off duty is
 * taken off duty after a grace period instead of keeping clients admitted to a queue nobody serves. Connections
 * are presence entries on {@code staff:<accountId>} (shared across nodes); this node remembers when the last of
 * them went here, and a professional counts as gone only while no node has a live connection of theirs.
 */
final class StaffPresence {
    private final Clock clock;
    private final NodePresence presence;
    private final Map<String, Instant> goneSince = new ConcurrentHashMap<>();

    StaffPresence(Clock clock, NodePresence presence) {
        this.clock = clock;
        this.presence = presence;
    }

    static String channel(String accountId) {
        return "staff:" + accountId;
    }

    void connected(String accountId, String connectionId) {
        presence.connect(channel(accountId), accountId, connectionId);
        goneSince.remove(accountId);
    }

    void disconnected(String accountId, String connectionId) {
        if (presence.disconnect(channel(accountId), accountId, connectionId)) {
            goneSince.put(accountId, clock.instant());
        }
    }

    /**
     * Accounts whose last connection went before the cut-off and that have none now (on any node); they are
     * forgotten once returned, as are those that came back on another node.
     */
    Set<String> goneBefore(Instant cutoff) {
        Set<String> gone = ConcurrentHashMap.newKeySet();
        goneSince.forEach((account, since) -> {
            if (since.isBefore(cutoff) && goneSince.remove(account, since)
                    && !presence.isPresent(channel(account), account)) {
                gone.add(account);
            }
        });
        return gone;
    }
}
