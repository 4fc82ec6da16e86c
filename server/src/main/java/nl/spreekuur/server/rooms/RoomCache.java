package nl.spreekuur.server.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.Optional;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Rooms.Room;

/**
 * Rooms by their conversation, as this process last read or wrote them: every message sent in a room checks the
 * room's state and history rule ({@link RoomOwner}), which must not cost a store read per message. Every change a
 * room service makes is written to the store first and then invalidated here. Like the conversation cache, only
 * this process's changes are seen (several nodes sharing a store must propagate invalidations: planned with
 * scale-out).
 */
final class RoomCache {
    static final int MAX_ROOMS = 10_000;
    static final int MAX_MEMBERS = 200_000;

    private final Rooms store;
    private final Cache<String, Optional<Room>> byConversation = Caffeine.newBuilder().maximumSize(MAX_ROOMS).build();
    /** Room members' mutes by principal id (empty: not muted, or not a member). */
    private final Cache<String, Optional<Instant>> mutes = Caffeine.newBuilder().maximumSize(MAX_MEMBERS).build();

    RoomCache(Rooms store) {
        this.store = store;
    }

    Optional<Room> byConversation(String conversationId) {
        return byConversation.get(conversationId, store::byConversation);
    }

    Optional<Instant> mutedUntil(String principalId) {
        return mutes.get(principalId, id -> store.memberByPrincipal(id).map(Rooms.Member::mutedUntil));
    }

    void muteChanged(String principalId) {
        mutes.invalidate(principalId);
    }

    void changed(Room room) {
        byConversation.invalidate(room.conversationId());
    }
}
