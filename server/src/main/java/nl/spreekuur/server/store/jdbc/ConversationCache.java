package nl.spreekuur.server.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.function.Supplier;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Participant;

/**
 * Conversation rows and participant rows as last read or written by this process, so the per-message checks (does
 * the conversation exist, is the sender an active participant) cost no database round trip.
 *
 * <p>Correctness rests on one rule: every change is written to the database first and then applied here
 * ({@link #appended}, {@link #receiptMoved}) or invalidated ({@link #conversationChanged},
 * {@link #participantChanged}). A load runs inside Caffeine's per-key computation, and an invalidation of a key that
 * is being loaded waits for that load and then removes its result, so a load that read the row before a change
 * never outlives the change. Entries are bounded by count (least recently used go first).
 *
 * <p>Only changes made through this process are seen, so a store that several nodes write to
 * ({@code StoreSettings.sharedByNodes}) uses {@link #none()}: every check reads the database. (Planned: invalidation
 * over the broker, so nodes sharing PostgreSQL can cache too.)
 */
class ConversationCache {
    static final int MAX_CONVERSATIONS = 50_000;
    static final int MAX_PARTICIPANTS = 200_000;

    private record ParticipantKey(String conversationId, String principalId) {
    }

    private final Cache<String, Optional<Conversation>> conversations =
            Caffeine.newBuilder().maximumSize(MAX_CONVERSATIONS).build();
    private final Cache<ParticipantKey, Optional<Participant>> participants =
            Caffeine.newBuilder().maximumSize(MAX_PARTICIPANTS).build();

    /** No caching: every lookup loads, every change is a no-op. For a store that several nodes write to. */
    static ConversationCache none() {
        return new ConversationCache() {
            @Override
            Optional<Conversation> conversation(String id, Supplier<Optional<Conversation>> load) {
                return load.get();
            }

            @Override
            Optional<Participant> participant(String conversationId, String principalId,
                    Supplier<Optional<Participant>> load) {
                return load.get();
            }
        };
    }

    Optional<Conversation> conversation(String id, Supplier<Optional<Conversation>> load) {
        return conversations.get(id, key -> load.get());
    }

    Optional<Participant> participant(String conversationId, String principalId, Supplier<Optional<Participant>> load) {
        return participants.get(new ParticipantKey(conversationId, principalId), key -> load.get());
    }

    /** An event with this seq was committed: the cached conversation's last seq moves up to it. */
    void appended(String conversationId, long seq) {
        conversations.asMap().computeIfPresent(conversationId, (id, cached) -> cached.map(c -> c.lastSeq() >= seq ? c
                : new Conversation(c.id(), c.organisationId(), c.kind(), c.owner(), c.epoch(), c.firstSeq(), seq,
                        c.open(), c.endReason(), c.createdAt(), c.endedAt(), c.purgeAfter())));
    }

    /** The conversation row changed in another way (ended, purge scheduled or done): read it again next time. */
    void conversationChanged(String conversationId) {
        conversations.invalidate(conversationId);
    }

    /** The participant row changed (joined, left, role or name changed). */
    void participantChanged(String conversationId, String principalId) {
        participants.invalidate(new ParticipantKey(conversationId, principalId));
    }

    /** Every participant of the conversation changed (purge replaces their names). */
    void participantsChanged(String conversationId) {
        participants.asMap().keySet().removeIf(key -> key.conversationId().equals(conversationId));
    }

    /** A receipt position was raised to {@code value} (the stored result). */
    void receiptMoved(String conversationId, String principalId, ReceiptKind kind, long value) {
        participants.asMap().computeIfPresent(new ParticipantKey(conversationId, principalId),
                (key, cached) -> cached.map(p -> kind == ReceiptKind.DELIVERED
                        ? withPositions(p, Math.max(p.deliveredSeq(), value), p.readSeq())
                        : withPositions(p, p.deliveredSeq(), Math.max(p.readSeq(), value))));
    }

    /** Everything (e.g. a new store generation changes every epoch). */
    void clear() {
        conversations.invalidateAll();
        participants.invalidateAll();
    }

    private static Participant withPositions(Participant p, long delivered, long read) {
        return new Participant(p.conversationId(), p.participantId(), p.principalId(), p.role(), p.displayName(),
                p.joinedAt(), p.leftAt(), delivered, read, p.memberSinceSeq());
    }
}
