package nl.spreekuur.server.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Presence of one node, in memory. Expired entries are dropped whenever their channel is touched. */
public final class InMemoryPresenceManager implements PresenceManager {
    private record Entry(ClientInfo info, Instant expiresAt) {
    }

    private final Map<String, Map<String, Entry>> channels = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryPresenceManager(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void add(String channel, String clientId, ClientInfo info, Duration ttl) {
        Instant now = clock.instant();
        channels.compute(channel, (c, clients) -> {
            Map<String, Entry> live = clients == null ? new HashMap<>() : clients;
            live.values().removeIf(e -> !e.expiresAt().isAfter(now));
            live.put(clientId, new Entry(info, now.plus(ttl)));
            return live;
        });
    }

    @Override
    public void remove(String channel, String clientId) {
        Instant now = clock.instant();
        channels.computeIfPresent(channel, (c, clients) -> {
            clients.remove(clientId);
            clients.values().removeIf(e -> !e.expiresAt().isAfter(now));
            return clients.isEmpty() ? null : clients;
        });
    }

    @Override
    public Map<String, ClientInfo> presence(String channel) {
        Instant now = clock.instant();
        Map<String, ClientInfo> present = new HashMap<>();
        channels.computeIfPresent(channel, (c, clients) -> {
            clients.values().removeIf(e -> !e.expiresAt().isAfter(now));
            clients.forEach((id, e) -> present.put(id, e.info()));
            return clients.isEmpty() ? null : clients;
        });
        return Map.copyOf(present);
    }

}
