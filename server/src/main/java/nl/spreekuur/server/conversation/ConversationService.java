package nl.spreekuur.server.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.spreekuur.protocol.v1.ConversationEnded;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ConversationState;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.History;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.Participant;
import nl.spreekuur.protocol.v1.ParticipantJoined;
import nl.spreekuur.protocol.v1.ParticipantLeft;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.PresenceEvent;
import nl.spreekuur.protocol.v1.ReceiptEvent;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendReceipt;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.protocol.v1.Typing;
import nl.spreekuur.protocol.v1.TypingEvent;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.session.Channels;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.ConversationSubscription;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Conversations.Conversation;

/**
 * The sequenced conversation stream shared by office-hour chats, group rooms and calls: subscribe with resume,
 * send with idempotent acknowledgement, typing, receipts, history; plus the operations other services use to
 * open conversations and add system events. Every change is stored first and then published through the
 * {@link Hub}; nothing here writes to another connection directly.
 *
 * <p>Authorisation is checked on every request: the caller must be an active participant of the conversation,
 * and the conversation must belong to the caller's organisation (otherwise NOT_FOUND, so ids do not leak).
 */
public final class ConversationService {
    private static final Set<ParticipantRole> WRITERS =
            Set.of(ParticipantRole.CLIENT, ParticipantRole.PROFESSIONAL, ParticipantRole.MEMBER,
                    ParticipantRole.MODERATOR);

    private final Conversations store;
    private final Hub hub;
    private final NodePresence presence;
    private final Auditor auditor;
    private final Clock clock;
    private final ConversationSettings settings;

    public ConversationService(Conversations store, Hub hub, NodePresence presence, Auditor auditor, Clock clock,
                               ConversationSettings settings) {
        this.store = store;
        this.hub = hub;
        this.presence = presence;
        this.auditor = auditor;
        this.clock = clock;
        this.settings = settings;
    }

    // ------------------------------------------------------------------ requests

    public void subscribe(ClientSession session, String requestId, Subscribe request) {
        Principal principal = session.principal();
        Conversation conversation = visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = activeParticipant(conversation, principal);
        if (request.getSinceSeq() < 0) {
            throw RequestException.invalid("since_seq must be >= 0");
        }
        if (principal.isStaff()) {
            auditor.record(principal, "conversation.read", "conversation", conversation.id(),
                    onBehalfOf(conversation));
        }
        long since = request.getSinceSeq();
        boolean epochMatches = request.getEpoch().isEmpty() ? since == 0 : request.getEpoch().equals(conversation.epoch());
        boolean recovered = epochMatches && since >= conversation.firstSeq() - 1 && since <= conversation.lastSeq();
        long replayAfter = recovered ? since : conversation.firstSeq() - 1;

        ConversationSubscription sub = hub.subscribe(session, conversation.id(), me.participantId(), replayAfter);
        boolean firstConnection = presence.connect(Channels.conversation(conversation.id()), principal.id(),
                session.connectionId());

        Conversation fresh = store.byId(conversation.id()).orElse(conversation);
        session.send(ServerMessage.newBuilder().setRequestId(requestId).setSubscribeResult(
                subscribeResult(fresh, me, recovered)).build());
        hub.catchUp(sub);
        if (firstConnection) {
            publishPresence(conversation.id(), me.participantId(), true);
        }
    }

    public void unsubscribe(ClientSession session, String conversationId) {
        hub.unsubscribe(session, conversationId);
        // Also when the hub already dropped the subscription (own departure): presence must not outlive it.
        leavePresence(session, conversationId);
    }

    /** The connection closed: its presence in every subscribed conversation ends. */
    public void connectionClosed(ClientSession session) {
        for (ConversationSubscription sub : hub.subscriptionsOf(session)) {
            unsubscribe(session, sub.conversationId());
        }
    }

    private void leavePresence(ClientSession session, String conversationId) {
        if (presence.disconnect(Channels.conversation(conversationId), session.principal().id(),
                session.connectionId())) {
            store.participant(conversationId, session.principal().id())
                    .ifPresent(p -> publishPresence(conversationId, p.participantId(), false));
        }
    }

    public MessageAck send(ClientSession session, SendMessage request) {
        Principal principal = session.principal();
        String clientMsgId = request.getClientMsgId();
        if (clientMsgId.isEmpty() || clientMsgId.length() > 64) {
            throw RequestException.invalid("client_msg_id must be 1..64 characters");
        }
        String text = request.getText();
        if (text.isBlank()) {
            throw RequestException.invalid("text must not be empty");
        }
        if (Texts.length(text) > settings.maxTextChars()) {
            throw new RequestException(ErrorCode.TOO_LARGE, "text longer than " + settings.maxTextChars() + " characters");
        }
        Conversation conversation = visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = activeWriter(conversation, principal);
        // No "ended?" check here: the store answers a retry of a stored message even after the end (so a client
        // that lost the ack learns it arrived) and refuses only new messages, atomically with the end.
        ConversationEvent draft = ConversationEvent.newBuilder()
                .setConversationId(conversation.id())
                .setSenderId(me.participantId())
                .setSenderRole(me.role())
                .setSenderName(me.displayName())
                .setClientMsgId(clientMsgId)
                .setText(TextMessage.newBuilder().setText(text))
                .build();
        Conversations.AppendResult result;
        try {
            result = store.append(conversation.id(), draft, clock.instant());
        } catch (ConflictException e) {
            throw RequestException.conflict("conversation has ended");
        }
        if (!result.duplicate()) {
            publishEvent(result.event());
        }
        ConversationEvent stored = result.event();
        return MessageAck.newBuilder()
                .setConversationId(conversation.id())
                .setClientMsgId(clientMsgId)
                .setSeq(stored.getSeq())
                .setSentAt(stored.getSentAt())
                .setDuplicate(result.duplicate())
                .build();
    }

    public void typing(ClientSession session, Typing request) {
        Principal principal = session.principal();
        Conversation conversation = visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = activeWriter(conversation, principal);
        if (!conversation.open()) {
            throw RequestException.conflict("conversation has ended");
        }
        hub.publish(Channels.conversation(conversation.id()), ServerMessage.newBuilder().setTyping(
                TypingEvent.newBuilder().setConversationId(conversation.id()).setParticipantId(me.participantId())
                        .setDisplayName(me.displayName()).setTyping(request.getTyping())).build());
    }

    public void receipt(ClientSession session, SendReceipt request) {
        Principal principal = session.principal();
        Conversation conversation = visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = activeParticipant(conversation, principal);
        if (request.getKind() == ReceiptKind.RECEIPT_KIND_UNSPECIFIED) {
            throw RequestException.invalid("kind is required");
        }
        if (request.getUpToSeq() < 1 || request.getUpToSeq() > conversation.lastSeq()) {
            throw RequestException.invalid("up_to_seq outside the conversation");
        }
        long now = store.updateReceipt(conversation.id(), principal.id(), request.getKind(), request.getUpToSeq());
        hub.publish(Channels.conversation(conversation.id()), ServerMessage.newBuilder().setReceipt(
                ReceiptEvent.newBuilder().setConversationId(conversation.id()).setParticipantId(me.participantId())
                        .setKind(request.getKind()).setUpToSeq(now)).build());
    }

    public History history(ClientSession session, GetHistory request) {
        Principal principal = session.principal();
        Conversation conversation = visibleConversation(principal, request.getConversationId());
        activeParticipant(conversation, principal);
        if (request.getLimit() < 0 || request.getBeforeSeq() < 0) {
            throw RequestException.invalid("limit and before_seq must be >= 0");
        }
        int limit = request.getLimit() == 0 ? 50 : Math.min(request.getLimit(), settings.historyPageMax());
        if (principal.isStaff()) {
            auditor.record(principal, "conversation.history", "conversation", conversation.id(),
                    onBehalfOf(conversation));
        }
        List<ConversationEvent> newestFirst = store.eventsBefore(conversation.id(), request.getBeforeSeq(), limit + 1);
        boolean hasMore = newestFirst.size() > limit;
        List<ConversationEvent> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(page);
        return History.newBuilder().setConversationId(conversation.id()).addAllEvents(page).setHasMore(hasMore).build();
    }

    // ------------------------------------------------------------------ operations for other services

    public Conversation open(String organisationId, ConversationKind kind, String officeHourId,
                             boolean transcriptConsent) {
        return store.create(organisationId, kind, officeHourId, transcriptConsent, clock.instant());
    }

    public Optional<Conversation> find(String conversationId) {
        return store.byId(conversationId);
    }

    /** Adds (or re-adds) a participant and tells everyone with a ParticipantJoined event. */
    public Conversations.Participant join(String conversationId, String principalId, ParticipantRole role,
                                          String displayName) {
        Conversations.Participant p = store.join(conversationId, principalId, role, displayName, clock.instant());
        appendSystem(conversationId, ConversationEvent.newBuilder().setJoined(ParticipantJoined.newBuilder()
                .setParticipant(toProto(conversationId, p))));
        return p;
    }

    /**
     * Removes a participant (if active) and tells everyone with a ParticipantLeft event. Their subscriptions on this
     * node end here too, with their presence, so nothing more of the conversation reaches them.
     */
    public boolean leave(String conversationId, String principalId, EndReason reason) {
        Optional<Conversations.Participant> p = store.participant(conversationId, principalId);
        if (p.isEmpty() || !p.get().isActive()) {
            return false;
        }
        Conversations.Participant who = p.get();
        appendSystem(conversationId, ConversationEvent.newBuilder().setLeft(ParticipantLeft.newBuilder()
                .setParticipantId(who.participantId()).setRole(who.role()).setDisplayName(who.displayName())
                .setReason(reason)));
        store.leave(conversationId, principalId, clock.instant());
        for (ClientSession session : hub.sessions().ofPrincipal(principalId)) {
            unsubscribe(session, conversationId);
        }
        return true;
    }

    /** Stores a system event (no sender) and publishes it. Throws CONFLICT if the conversation has ended. */
    public ConversationEvent appendSystem(String conversationId, ConversationEvent.Builder draft) {
        ConversationEvent event = draft.setConversationId(conversationId).build();
        try {
            ConversationEvent stored = store.append(conversationId, event, clock.instant()).event();
            publishEvent(stored);
            return stored;
        } catch (ConflictException e) {
            throw RequestException.conflict("conversation has ended");
        }
    }

    /** Ends the conversation with a final event; returns false if it had already ended. */
    public boolean end(String conversationId, EndReason reason, Instant purgeAfter) {
        ConversationEvent ended = ConversationEvent.newBuilder().setConversationId(conversationId)
                .setEnded(ConversationEnded.newBuilder().setReason(reason)).build();
        Optional<ConversationEvent> stored = store.end(conversationId, ended, reason, clock.instant(), purgeAfter);
        stored.ifPresent(this::publishEvent);
        return stored.isPresent();
    }

    public void setTranscriptConsent(String conversationId, boolean consent) {
        store.setTranscriptConsent(conversationId, consent);
    }

    // ------------------------------------------------------------------ helpers

    /** The conversation if it exists in the principal's organisation; NOT_FOUND otherwise (never leaks other orgs). */
    public Conversation visibleConversation(Principal principal, String conversationId) {
        if (conversationId.isEmpty()) {
            throw RequestException.invalid("conversation_id is required");
        }
        Conversation conversation = store.byId(conversationId).orElseThrow(() -> RequestException.notFound("conversation"));
        if (!conversation.organisationId().equals(principal.organisationId())) {
            throw RequestException.notFound("conversation");
        }
        return conversation;
    }

    public Conversations.Participant activeParticipant(Conversation conversation, Principal principal) {
        return store.participant(conversation.id(), principal.id())
                .filter(Conversations.Participant::isActive)
                .orElseThrow(() -> RequestException.forbidden("not a participant of this conversation"));
    }

    /** The principal's participant, if it may write (typing included) and the conversation is still open. */
    /** An active participant whose role may write (supervisors read along only). */
    private Conversations.Participant activeWriter(Conversation conversation, Principal principal) {
        Conversations.Participant me = activeParticipant(conversation, principal);
        if (!WRITERS.contains(me.role())) {
            throw RequestException.forbidden("this role reads along and cannot write");
        }
        return me;
    }

    private SubscribeResult subscribeResult(Conversation c, Conversations.Participant me, boolean recovered) {
        Set<String> present = presence.presentPrincipals(Channels.conversation(c.id()));
        SubscribeResult.Builder b = SubscribeResult.newBuilder()
                .setConversationId(c.id())
                .setKind(c.kind())
                .setState(c.open() ? ConversationState.OPEN : ConversationState.ENDED)
                .setEpoch(c.epoch())
                .setRecovered(recovered)
                .setFirstSeq(c.firstSeq() > c.lastSeq() ? 0 : c.firstSeq())
                .setLastSeq(c.lastSeq())
                .setYourParticipantId(me.participantId())
                .setYourRole(me.role())
                .setTranscriptConsent(c.transcriptConsent())
                .setEndReason(c.endReason() == null ? EndReason.END_REASON_UNSPECIFIED : c.endReason());
        if (c.officeHourId() != null) {
            b.setOfficeHourId(c.officeHourId());
        }
        for (Conversations.Participant p : store.participants(c.id())) {
            b.addParticipants(toProto(c.id(), p).toBuilder().setPresent(present.contains(p.principalId())));
        }
        return b.build();
    }

    private Participant toProto(String conversationId, Conversations.Participant p) {
        return Participant.newBuilder()
                .setParticipantId(p.participantId())
                .setRole(p.role())
                .setDisplayName(p.displayName())
                .setPresent(presence.isPresent(Channels.conversation(conversationId), p.principalId()))
                .setDeliveredSeq(p.deliveredSeq())
                .setReadSeq(p.readSeq())
                .build();
    }

    private void publishEvent(ConversationEvent event) {
        hub.publish(Channels.conversation(event.getConversationId()), ServerMessage.newBuilder().setEvent(event).build());
    }

    private void publishPresence(String conversationId, String participantId, boolean present) {
        hub.publish(Channels.conversation(conversationId), ServerMessage.newBuilder().setPresence(
                PresenceEvent.newBuilder().setConversationId(conversationId).setParticipantId(participantId)
                        .setPresent(present)).build());
    }

    private static String onBehalfOf(Conversation c) {
        return c.officeHourId() == null ? null : "office-hour:" + c.officeHourId();
    }

}
