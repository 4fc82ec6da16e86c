package nl.spreekuur.server.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import nl.spreekuur.protocol.v1.ConversationEnded;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.ParticipantJoined;
import nl.spreekuur.protocol.v1.ParticipantLeft;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Owner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequenced conversation stream shared by office-hour chats, group rooms and calls, as the capabilities use
 * it: open a conversation they own, add and remove participants, add system events, end it, and check access.
 * The requests of the connections themselves (subscribe, send, typing, receipts, history) are handled by
 * {@link ConversationStream}, wired by {@link ConversationRequests}.
 *
 * <p>This layer knows nothing of office hours, rooms or calls: a conversation carries a neutral {@link Owner}, and
 * the owning capability keeps its own link and describes its conversations through an {@link OwnerView}.
 * Every change is stored first and then published through the {@link Hub}.
 */
public final class ConversationService {
    private final Conversations store;
    private final Clock clock;
    private final ConversationAccess access;
    private final ConversationPublisher publish;
    private final ConversationStream stream;
    private static final Logger log = LoggerFactory.getLogger(ConversationService.class);
    private final List<BiConsumer<String, EndReason>> beforeEnd = new CopyOnWriteArrayList<>();
    private final List<Runnable> contentDeleted = new CopyOnWriteArrayList<>();

    public ConversationService(Conversations store, Hub hub, NodePresence presence, Auditor auditor, Clock clock,
                               ConversationSettings settings) {
        this.store = store;
        this.clock = clock;
        this.access = new ConversationAccess(store);
        this.publish = new ConversationPublisher(hub, presence);
        this.stream = new ConversationStream(store, hub, presence, auditor, clock, settings, access, publish);
    }

    /** The request handlers of the connections. */
    ConversationStream stream() {
        return stream;
    }

    /** The capability describes the conversations it owns to their participants (see {@link OwnerView}). */
    public void registerOwner(String capability, OwnerView view) {
        access.registerOwner(capability, view);
    }

    public Conversation open(String organisationId, ConversationKind kind, Owner owner) {
        return store.create(organisationId, kind, owner, clock.instant());
    }

    public Optional<Conversation> find(String conversationId) {
        return store.byId(conversationId);
    }

    /**
     * Adds a participant, or brings one back who left (same participant id, a new membership: see
     * {@link Conversations.Participant#memberSinceSeq()}), and tells everyone with a ParticipantJoined event.
     */
    public Conversations.Participant join(String conversationId, String principalId, ParticipantRole role,
                                          String displayName) {
        Conversations.Participant p = store.join(conversationId, principalId, role, displayName, clock.instant());
        appendSystem(conversationId, ConversationEvent.newBuilder().setJoined(ParticipantJoined.newBuilder()
                .setParticipant(publish.participant(conversationId, p))));
        return p;
    }

    /**
     * Removes a participant (if active) and tells everyone with a ParticipantLeft event. Their subscriptions on this
     * node end here too, with their presence, so nothing more of the conversation reaches them; on other nodes the
     * event itself ends them.
     */
    public boolean leave(String conversationId, String principalId, LeaveReason reason) {
        Optional<Conversations.Participant> p = store.participant(conversationId, principalId);
        if (p.isEmpty() || !p.get().isActive()) {
            return false;
        }
        Conversations.Participant who = p.get();
        appendSystem(conversationId, ConversationEvent.newBuilder().setLeft(ParticipantLeft.newBuilder()
                .setParticipantId(who.participantId()).setRole(who.role()).setDisplayName(who.displayName())
                .setLeaveReason(reason)));
        store.leave(conversationId, principalId, clock.instant());
        for (ClientSession session : publish.sessionsOf(principalId)) {
            stream.unsubscribe(session, conversationId);
        }
        return true;
    }

    /**
     * The owner's answer to {@link OwnerView#showsPresence} changed for the participant: everyone subscribed gets
     * a {@code presence} event with what they may see now (present only if connected and shown).
     */
    public void presenceVisibilityChanged(String conversationId, String principalId) {
        Optional<Conversation> conversation = store.byId(conversationId);
        Optional<Conversations.Participant> p = store.participant(conversationId, principalId)
                .filter(Conversations.Participant::isActive);
        if (conversation.isEmpty() || p.isEmpty()) {
            return;
        }
        boolean shown = publish.isPresent(conversationId, principalId) && access.showsPresence(conversation.get(), p.get());
        publish.presence(conversationId, p.get().participantId(), shown);
    }

    /** Stores a system event (no sender) and publishes it. Throws CONFLICT if the conversation has ended. */
    public ConversationEvent appendSystem(String conversationId, ConversationEvent.Builder draft) {
        ConversationEvent event = draft.setConversationId(conversationId).build();
        try {
            ConversationEvent stored = store.append(conversationId, event, clock.instant()).event();
            publish.event(stored);
            return stored;
        } catch (ConflictException e) {
            throw RequestException.conflict("conversation has ended");
        }
    }

    /**
     * Ends the conversation for everyone still subscribed (a final {@code ended} event with the reason, published
     * before the rows go, so their clients know) and deletes it with all its events and participants: no row of it
     * is left. Subscriptions receive nothing after the {@code ended} event; they end when their clients unsubscribe
     * or disconnect. The owning capability deletes its own link rows before.
     */
    public void delete(String conversationId, EndReason reason) {
        end(conversationId, reason, null);
        store.delete(conversationId);
        contentDeleted();
    }

    /** Rolling retention (see {@link Conversations#purgeBefore}); returns how many events were deleted. */
    public int purgeBefore(String conversationId, Instant cutoff) {
        int deleted = store.purgeBefore(conversationId, cutoff);
        if (deleted > 0) {
            contentDeleted();
        }
        return deleted;
    }

    /**
     * Runs {@code listener} after content left the store through this service: a conversation deleted, events purged
     * or an event replaced by one without its text ({@link #replaceStored}). The server uses it to have the embedded
     * store compact its files, so the deleted content leaves the disk too. A listener's failure is logged only.
     */
    public void afterContentDeleted(Runnable listener) {
        contentDeleted.add(listener);
    }

    private void contentDeleted() {
        for (Runnable listener : contentDeleted) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("content-deleted listener failed: {}", e.getClass().getName());
            }
        }
    }

    /**
     * Runs {@code listener} with the conversation's id and end reason just before it ends ({@link #end},
     * {@link #delete}), while events can still be appended: a capability that keeps its own state in the
     * conversation closes it with its own last event first. A listener's failure does not stop the end.
     */
    public void beforeEnd(BiConsumer<String, EndReason> listener) {
        beforeEnd.add(listener);
    }

    /** Ends the conversation with a final event; returns false if it had already ended. */
    public boolean end(String conversationId, EndReason reason, Instant purgeAfter) {
        for (BiConsumer<String, EndReason> listener : beforeEnd) {
            try {
                listener.accept(conversationId, reason);
            } catch (RuntimeException e) {
                log.warn("before-end listener failed: {}", e.getClass().getName());
            }
        }
        ConversationEvent ended = ConversationEvent.newBuilder().setConversationId(conversationId)
                .setEnded(ConversationEnded.newBuilder().setReason(reason)).build();
        Optional<ConversationEvent> stored = store.end(conversationId, ended, reason, clock.instant(), purgeAfter);
        stored.ifPresent(publish::event);
        return stored.isPresent();
    }

    /**
     * The principal as a writer of the conversation right now: the conversation checks, an active participant whose
     * role writes, and the owner's {@link OwnerView#checkWrite}. For capabilities that add their own kinds of
     * authored events (e.g. a room's replies, edits and reactions) through {@link #appendAuthored}.
     */
    public Conversations.Participant writer(Principal principal, String conversationId) {
        return access.writerNow(access.visibleConversation(principal, conversationId), principal);
    }

    /**
     * Stores an event authored by the participant, exactly like a text message: sender fields from the participant,
     * idempotent by client_msg_id (1..64 characters; a retry answers the stored event with duplicate = true and
     * publishes nothing), acknowledged after it is stored, then published. The capability builds the body.
     */
    public MessageAck appendAuthored(Conversations.Participant author, String clientMsgId,
                                     ConversationEvent.Builder body) {
        Conversation conversation = store.byId(author.conversationId())
                .orElseThrow(() -> RequestException.notFound("conversation"));
        return stream.append(conversation, author, clientMsgId, body);
    }

    /** The text rule of messages (INVALID_ARGUMENT when blank, TOO_LARGE when longer than the configured maximum). */
    public void requireText(String text) {
        stream.requireText(text);
    }

    /** The stored event with this seq, if it is retained. */
    public Optional<ConversationEvent> event(String conversationId, long seq) {
        if (seq < 1) {
            return Optional.empty();
        }
        return store.eventsAfter(conversationId, seq - 1, 1).stream().filter(e -> e.getSeq() == seq).findFirst();
    }

    /** Replaces the stored event's body (e.g. removes a deleted message's text); the seq keeps naming it. */
    public boolean replaceStored(ConversationEvent replacement) {
        boolean replaced = store.replaceStored(replacement);
        if (replaced) {
            contentDeleted();
        }
        return replaced;
    }

    /** Events with seq > afterSeq, ascending, at most limit (for a capability's own bookkeeping). */
    public java.util.List<ConversationEvent> eventsAfter(String conversationId, long afterSeq, int limit) {
        return store.eventsAfter(conversationId, afterSeq, limit);
    }

    /** The active participants, in join order. */
    public java.util.List<Conversations.Participant> participants(String conversationId) {
        return store.participants(conversationId);
    }

    /** The conversation if it exists in the principal's organisation; NOT_FOUND otherwise (never leaks other orgs). */
    public Conversation visibleConversation(Principal principal, String conversationId) {
        return access.visibleConversation(principal, conversationId);
    }

    public Conversations.Participant activeParticipant(Conversation conversation, Principal principal) {
        return access.activeParticipant(conversation, principal);
    }
}
