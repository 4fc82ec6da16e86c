package nl.spreekuur.server.session;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authenticated connections of this node, indexed by principal and by token session, so that pushes to a
 * person and revocations of a session reach every socket they have open here. Owned by the transport: it adds a
 * connection when its Hello is accepted and removes it when the socket closes; everything else only reads.
 *
 * <p>The per-person and per-token sets are small immutable sets, replaced on change (a person has a few sockets at
 * most): an idle node with 19,000 clients would otherwise carry two concurrent sets each, and readers get a
 * snapshot without copying.
 */
public final class LocalSessions {
    private final Map<String, ClientSession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byPrincipal = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byTokenSession = new ConcurrentHashMap<>();

    public void add(ClientSession session) {
        byConnection.put(session.connectionId(), session);
        addTo(byPrincipal, session.principal().id(), session);
        addTo(byTokenSession, session.principal().sessionId(), session);
    }

    private static void addTo(Map<String, Set<ClientSession>> index, String key, ClientSession session) {
        index.merge(key, Set.of(session), (present, added) -> {
            if (present.contains(session)) {
                return present;
            }
            Set<ClientSession> union = new HashSet<>(present);
            union.add(session);
            return Set.copyOf(union);
        });
    }

    public void remove(ClientSession session) {
        byConnection.remove(session.connectionId());
        removeFrom(byPrincipal, session.principal().id(), session);
        removeFrom(byTokenSession, session.principal().sessionId(), session);
    }

    private static void removeFrom(Map<String, Set<ClientSession>> index, String key, ClientSession session) {
        index.computeIfPresent(key, (k, set) -> {
            if (!set.contains(session)) {
                return set;
            }
            Set<ClientSession> rest = new HashSet<>(set);
            rest.remove(session);
            return rest.isEmpty() ? null : Set.copyOf(rest);
        });
    }

    public Collection<ClientSession> ofPrincipal(String principalId) {
        Set<ClientSession> set = byPrincipal.get(principalId);
        return set == null ? Set.of() : set;
    }

    public Collection<ClientSession> ofTokenSession(String sessionId) {
        Set<ClientSession> set = byTokenSession.get(sessionId);
        return set == null ? Set.of() : set;
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
