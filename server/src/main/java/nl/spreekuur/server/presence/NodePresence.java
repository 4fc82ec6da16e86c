package nl.spreekuur.server.presence;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.spreekuur.server.logging.RepeatedLog;
import nl.spreekuur.server.presence.PresenceManager.ClientInfo;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * This node's use of the shared {@link PresenceManager}: adds and removes its connections, answers the per-person
 * questions the services ask ("was this the person's first connection?", "was it the last?"), and
 * {@link #refresh() refreshes} its entries so they do not expire. The server runs {@code refresh} every
 * {@link #REFRESH_INTERVAL}; entries live {@link #TTL}, so a dead node's connections are gone within 30 s.
 *
 * <p>The answers combine this node's own connections (known to be open, whatever the TTL) with every node's live
 * entries. On one node they are exact (operations on a channel are serialised here); across nodes two
 * simultaneous first connections may both count as first, which only repeats an idempotent presence event.
 */
public final class NodePresence {
    public static final Duration TTL = Duration.ofSeconds(30);
    public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(10);
    private static final int LOCK_STRIPES = 64;
    private static final RepeatedLog SHARED_FAILURES = new RepeatedLog(LoggerFactory.getLogger(NodePresence.class),
            Level.WARN, Duration.ofSeconds(10), Clock.systemUTC());

    private final PresenceManager shared;
    /** channel → connection id → info, for this node's connections. */
    private final Map<String, Map<String, ClientInfo>> local = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];

    public NodePresence(PresenceManager shared) {
        this.shared = shared;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    private Object lockOf(String channel) {
        return locks[Math.floorMod(channel.hashCode(), LOCK_STRIPES)];
    }

    /** Adds this node's connection; returns true if the principal was not present on the channel before. */
    public boolean connect(String channel, String principalId, String connectionId) {
        ClientInfo info = new ClientInfo(principalId);
        synchronized (lockOf(channel)) {
            boolean first = !isPresent(channel, principalId);
            shared.add(channel, connectionId, info, TTL); // first: if it fails, nothing changed here either
            local.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).put(connectionId, info);
            return first;
        }
    }

    /**
     * Removes this node's connection; returns true if it was present and the principal has no other connection
     * on the channel (on any node): the last one went. Never fails on the shared presence: while it cannot answer
     * (Redis down), the answer is this node's (the shared entry then expires by its TTL).
     */
    public boolean disconnect(String channel, String principalId, String connectionId) {
        synchronized (lockOf(channel)) {
            boolean[] wasHere = {false};
            local.computeIfPresent(channel, (c, connections) -> {
                wasHere[0] = connections.remove(connectionId) != null;
                return connections.isEmpty() ? null : connections;
            });
            try {
                shared.remove(channel, connectionId);
            } catch (RuntimeException e) {
                // Shared presence unreachable (Redis down): the entry expires by its TTL; answer from this node.
                SHARED_FAILURES.log("removing a presence entry failed: {}", e.getClass().getSimpleName());
                return wasHere[0] && !localOf(channel).containsValue(new ClientInfo(principalId));
            }
            return wasHere[0] && !isPresentOrHere(channel, principalId);
        }
    }

    /** {@link #isPresent}, or only this node's connections while the shared presence cannot answer. */
    private boolean isPresentOrHere(String channel, String principalId) {
        try {
            return isPresent(channel, principalId);
        } catch (RuntimeException e) {
            SHARED_FAILURES.log("reading presence failed: {}", e.getClass().getSimpleName());
            return localOf(channel).containsValue(new ClientInfo(principalId));
        }
    }

    /** The principals with a connection on the channel (here, or live on any node). */
    public Set<String> presentPrincipals(String channel) {
        Set<String> present = new HashSet<>();
        localOf(channel).values().forEach(info -> present.add(info.principalId()));
        shared.presence(channel).values().forEach(info -> present.add(info.principalId()));
        return Set.copyOf(present);
    }

    public boolean isPresent(String channel, String principalId) {
        ClientInfo info = new ClientInfo(principalId);
        return localOf(channel).containsValue(info) || shared.presence(channel).containsValue(info);
    }

    private Map<String, ClientInfo> localOf(String channel) {
        return local.getOrDefault(channel, Map.of());
    }

    /**
     * Removes every entry of this node from the shared presence (the last step of a drain, after the connections'
     * own disconnects, which normally removed them already), so other nodes see them gone at once rather than
     * after the TTL. Entries that cannot be removed now (Redis down) expire by their TTL.
     *
     * @return how many entries were still there
     */
    public int leaveAll() {
        int left = 0;
        for (String channel : local.keySet()) {
            synchronized (lockOf(channel)) {
                Map<String, ClientInfo> connections = local.remove(channel);
                if (connections == null) {
                    continue;
                }
                for (String connectionId : connections.keySet()) {
                    left++;
                    try {
                        shared.remove(channel, connectionId);
                    } catch (RuntimeException e) {
                        SHARED_FAILURES.log("removing a presence entry failed: {}", e.getClass().getSimpleName());
                    }
                }
            }
        }
        return left;
    }

    /** Re-adds every connection of this node with a fresh TTL. */
    public void refresh() {
        for (String channel : local.keySet()) {
            synchronized (lockOf(channel)) {
                localOf(channel).forEach((connectionId, info) -> shared.add(channel, connectionId, info, TTL));
            }
        }
    }
}
