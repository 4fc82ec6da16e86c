package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ReceiptKind;

/**
 * Conversations and their sequenced events: the one resumable stream behind chats, group rooms and call history.
 *
 * <p>Each conversation has a gap-free seq starting at 1, assigned inside the same transaction that stores the
 * event (the conversation row is locked with SELECT ... FOR UPDATE, so concurrent appends serialise per
 * conversation). Idempotency: an event with a client_msg_id is unique per (conversation, sender); appending it
 * again returns the stored event with {@code duplicate = true}.
 */
public interface Conversations {

    /**
     * What a conversation belongs to: the capability that opened it (e.g. "office-hour", "room", "call") and that
     * capability's id for it. The conversation layer never interprets it; the capability keeps its own link table.
     */
    record Owner(String capability, String id) {
        public Owner {
            java.util.Objects.requireNonNull(capability, "capability");
            java.util.Objects.requireNonNull(id, "id");
        }

        public boolean is(String ownerCapability) {
            return capability.equals(ownerCapability);
        }
    }

    /**
     * @param owner      what the conversation belongs to; null if nothing owns it
     * @param epoch      random per conversation; changes when its history is reset, so resuming clients reload
     * @param firstSeq   oldest retained seq; lastSeq + 1 when nothing is retained (purged)
     * @param purgeAfter when the events must be deleted (retention), null = not scheduled
     */
    record Conversation(String id, String organisationId, ConversationKind kind, Owner owner,
                        String epoch, long firstSeq, long lastSeq, boolean open,
                        EndReason endReason, Instant createdAt, Instant endedAt, Instant purgeAfter) {

        /** The owner's id if the conversation belongs to the capability. */
        public java.util.Optional<String> ownedBy(String capability) {
            return owner != null && owner.is(capability) ? java.util.Optional.of(owner.id()) : java.util.Optional.empty();
        }
    }

    /**
     * @param participantId opaque id shown to other participants (not the account or session id)
     * @param principalId   account id (staff) or anonymous session id (client)
     * @param leftAt        null while a member of the conversation
     * @param memberSinceSeq the conversation's last seq when this membership began (set again on every re-join);
     *                       the participant's own ParticipantLeft events at or below it belong to earlier memberships
     */
    record Participant(String conversationId, String participantId, String principalId, ParticipantRole role,
                       String displayName, Instant joinedAt, Instant leftAt, long deliveredSeq, long readSeq,
                       long memberSinceSeq) {
        public boolean isActive() {
            return leftAt == null;
        }
    }

    record AppendResult(ConversationEvent event, boolean duplicate) {
    }

    /** @param owner what the conversation belongs to (null: nothing) */
    Conversation create(String organisationId, ConversationKind kind, Owner owner, Instant now);

    Optional<Conversation> byId(String id);

    /**
     * Stores the event, assigning seq and sent_at (the draft's seq and sent_at are ignored).
     *
     * @throws ConflictException if the conversation is ended or unknown
     */
    AppendResult append(String conversationId, ConversationEvent draft, Instant now);

    /**
     * Appends the final event and closes the conversation in one transaction.
     *
     * @param purgeAfter when its events are to be deleted (null = keep until the conversation is purged otherwise)
     * @return the stored ended event; empty if it was already ended
     */
    Optional<ConversationEvent> end(String conversationId, ConversationEvent endedEvent, EndReason reason,
                                    Instant now, Instant purgeAfter);

    /**
     * Replaces the stored body of the event with the replacement's conversation id and seq (its sender, client_msg_id
     * and time stay as stored); false if there is no such event (e.g. purged). For taking content out of a stored
     * event, never for changing what happened.
     */
    boolean replaceStored(ConversationEvent replacement);

    /** Events with seq > afterSeq, ascending, at most limit. */
    List<ConversationEvent> eventsAfter(String conversationId, long afterSeq, int limit);

    /** Events with seq < beforeSeq (0 = latest), newest first, at most limit. */
    List<ConversationEvent> eventsBefore(String conversationId, long beforeSeq, int limit);

    /** Sets (or clears) when the conversation's events are purged. */
    void schedulePurge(String conversationId, Instant purgeAfter);

    /**
     * Deletes the events of every conversation whose purgeAfter has passed, sets firstSeq = lastSeq + 1 and
     * replaces participants' display names; the conversation row remains (no content) so resumes are told to reload.
     *
     * @return the ids of the purged conversations
     */
    List<String> purgeDue(Instant now);

    /**
     * Rolling retention: deletes the oldest events, every one up to the newest event stored before the cut-off (so
     * what remains is always an unbroken range of seqs), and moves firstSeq past them. The conversation, its epoch and
     * its participants stay: resuming clients whose position was purged are told to reload.
     *
     * @return how many events were deleted
     */
    int purgeBefore(String conversationId, Instant cutoff);

    /**
     * Deletes the conversation with all its events and participants: afterwards no row of it is left. The caller
     * deletes its own link rows first (they reference the conversation).
     *
     * @return false if there was no such conversation
     */
    boolean delete(String conversationId);

    // --- participants ---

    /**
     * Adds the participant, or re-activates it (clearing leftAt, keeping its participant id) if it was there before;
     * a new membership's memberSinceSeq is the conversation's lastSeq at that moment. Returns the stored row.
     */
    Participant join(String conversationId, String principalId, ParticipantRole role, String displayName,
                     Instant now);

    /** Marks the participant as left; returns false if it was not active. */
    boolean leave(String conversationId, String principalId, Instant now);

    Optional<Participant> participant(String conversationId, String principalId);

    /** Active participants, in join order. */
    List<Participant> participants(String conversationId);

    /** Raises the delivered/read position (never lowers it); returns the new value. */
    long updateReceipt(String conversationId, String principalId, ReceiptKind kind, long upToSeq);

    /** Open conversations in which the principal is an active participant. */
    List<Conversation> openConversationsOf(String principalId);
}
