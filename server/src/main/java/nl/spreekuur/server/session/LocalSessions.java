package nl.spreekuur.server.session;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authenticated connections of this node, indexed by principal and by token session, so that pushes to a
 * person and revocations of a session reach every socket they have open here. Owned by the transport: it adds a
 * connection when its Hello is accepted and removes it when the socket closes; everything else only reads.
 */
public final class LocalSessions {
    private final Map<String, ClientSession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byPrincipal = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byTokenSession = new ConcurrentHashMap<>();

    public void add(ClientSession session) {
        byConnection.put(session.connectionId(), session);
        byPrincipal.computeIfAbsent(session.principal().id(), k -> ConcurrentHashMap.newKeySet()).add(session);
        byTokenSession.computeIfAbsent(session.principal().sessionId(), k -> ConcurrentHashMap.newKeySet())
                .add(session);
    }

    public void remove(ClientSession session) {
        byConnection.remove(session.connectionId());
        removeFrom(byPrincipal, session.principal().id(), session);
        removeFrom(byTokenSession, session.principal().sessionId(), session);
    }

    private static void removeFrom(Map<String, Set<ClientSession>> index, String key, ClientSession session) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    public Collection<ClientSession> ofPrincipal(String principalId) {
        Set<ClientSession> set = byPrincipal.get(principalId);
        return set == null ? List.of() : List.copyOf(set);
    }

    public Collection<ClientSession> ofTokenSession(String sessionId) {
        Set<ClientSession> set = byTokenSession.get(sessionId);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** The connection with this id, or null if it is not (or no longer) open here. */
    public ClientSession byConnection(String connectionId) {
        return byConnection.get(connectionId);
    }

    public Collection<ClientSession> all() {
        return List.copyOf(byConnection.values());
    }

    public boolean isConnected(String principalId) {
        return byPrincipal.containsKey(principalId);
    }

    public int size() {
        return byConnection.size();
    }
}
