package nl.spreekuur.server.presence;

import java.util.Set;

/**
 * Who is connected to a conversation right now (Centrifuge's PresenceManager). Counted per connection so that a
 * person with two tabs stays present until the last one goes. The single-node implementation is in memory; a
 * multi-node deployment uses a shared one.
 */
public interface PresenceManager {

    /** Returns true if the principal was not present before (the first connection). */
    boolean connect(String conversationId, String principalId, String connectionId);

    /** Returns true if the principal is no longer present (the last connection went). */
    boolean disconnect(String conversationId, String principalId, String connectionId);

    Set<String> presentPrincipals(String conversationId);

    default boolean isPresent(String conversationId, String principalId) {
        return presentPrincipals(conversationId).contains(principalId);
    }
}
