package nl.spreekuur.server.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import nl.spreekuur.server.store.RoomPeople;

/**
 * Which members hide their online status, cached so the stream's presence checks (every subscribe, every
 * disconnect, every participant of a SubscribeResult) cost no store read. The node that changes it forgets its copy
 * at once; other nodes' copies expire after {@link #TTL}.
 */
final class OnlineVisibility {
    static final Duration TTL = Duration.ofSeconds(30);

    private final RoomPeople store;
    private final Cache<String, Boolean> hidden = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(TTL).build();

    OnlineVisibility(RoomPeople store) {
        this.store = store;
    }

    boolean hidden(String principalId) {
        return hidden.get(principalId, store::onlineHidden);
    }

    void changed(String principalId) {
        hidden.invalidate(principalId);
    }
}
