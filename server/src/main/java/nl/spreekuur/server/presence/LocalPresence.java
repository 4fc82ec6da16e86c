package nl.spreekuur.server.presence;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory presence for a single node. */
public final class LocalPresence implements PresenceManager {
    // conversation -> principal -> connection ids
    private final Map<String, Map<String, Set<String>>> present = new ConcurrentHashMap<>();

    @Override
    public boolean connect(String conversationId, String principalId, String connectionId) {
        boolean[] first = {false};
        present.computeIfAbsent(conversationId, k -> new ConcurrentHashMap<>())
                .compute(principalId, (k, connections) -> {
                    Set<String> set = connections == null ? ConcurrentHashMap.newKeySet() : connections;
                    first[0] = set.isEmpty();
                    set.add(connectionId);
                    return set;
                });
        return first[0];
    }

    @Override
    public boolean disconnect(String conversationId, String principalId, String connectionId) {
        boolean[] last = {false};
        present.computeIfPresent(conversationId, (c, byPrincipal) -> {
            byPrincipal.computeIfPresent(principalId, (p, connections) -> {
                boolean removed = connections.remove(connectionId);
                last[0] = removed && connections.isEmpty();
                return connections.isEmpty() ? null : connections;
            });
            return byPrincipal.isEmpty() ? null : byPrincipal;
        });
        return last[0];
    }

    @Override
    public Set<String> presentPrincipals(String conversationId) {
        Map<String, Set<String>> byPrincipal = present.get(conversationId);
        return byPrincipal == null ? Set.of() : Set.copyOf(byPrincipal.keySet());
    }
}
