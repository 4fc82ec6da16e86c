package nl.spreekuur.server.presence;

import java.time.Duration;
import java.util.Map;

/**
 * Shared state across nodes: who is present on a channel, per client (one client = one connection), in the shape
 * of Centrifuge's {@code PresenceManager}. An entry expires after its TTL unless it is added again (refreshed);
 * so when a node dies, its clients' presence ends by itself. Expiry is judged by the injected clock.
 *
 * <p>Channels in use: {@code conv:<conversationId>} (conversation participants), {@code queue:<queueEntryId>} (a
 * waiting client's connections), {@code staff:<accountId>} (a professional's connections, for automatic off-duty).
 *
 * <p>One node: {@link InMemoryPresenceManager}. Several nodes: {@link RedisPresenceManager}, which passes the same
 * contract test. Services use it through {@link NodePresence}, which refreshes this node's entries.
 */
public interface PresenceManager {

    /** What is known about a present client. */
    record ClientInfo(String principalId) {
    }

    /** @param clients live entries; @param users distinct principals among them */
    record PresenceStats(int clients, int users) {
    }

    /** Adds the client, or refreshes it (new info, new TTL from now). */
    void add(String channel, String clientId, ClientInfo info, Duration ttl);

    /** Removes the client; nothing happens if it is not present. */
    void remove(String channel, String clientId);

    /** The live (unexpired) clients of the channel, by client id. */
    Map<String, ClientInfo> presence(String channel);

    /** How many clients and distinct principals are present (from {@link #presence}). */
    default PresenceStats presenceStats(String channel) {
        Map<String, ClientInfo> present = presence(channel);
        return new PresenceStats(present.size(),
                (int) present.values().stream().map(ClientInfo::principalId).distinct().count());
    }
}
