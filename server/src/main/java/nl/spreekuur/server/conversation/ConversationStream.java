package nl.spreekuur.server.conversation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationState;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.History;
import nl.spreekuur.protocol.v1.MessageAck;
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
import nl.spreekuur.server.session.Membership;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Conversations.Conversation;

/**
 * The conversation requests of a connection: subscribe with resume, unsubscribe, send with idempotent
 * acknowledgement, typing, receipts, history. Every change is stored first and then published through the
 * {@link Hub}; nothing here writes to another connection directly.
 *
 * <p>Authorisation is checked on every request: the caller must be an active participant of the conversation,
 * and the conversation must belong to the caller's organisation (otherwise NOT_FOUND, so ids do not leak).
 */
final class ConversationStream {
    private final Conversations store;
    private final Hub hub;
    private final NodePresence presence;
    private final Auditor auditor;
    private final Clock clock;
    private final ConversationSettings settings;
    private final ConversationAccess access;
    private final ConversationPublisher publish;

    ConversationStream(Conversations store, Hub hub, NodePresence presence, Auditor auditor, Clock clock,
                       ConversationSettings settings, ConversationAccess access, ConversationPublisher publish) {
        this.store = store;
        this.hub = hub;
        this.presence = presence;
        this.auditor = auditor;
        this.clock = clock;
        this.settings = settings;
        this.access = access;
        this.publish = publish;
    }

    void subscribe(ClientSession session, String requestId, Subscribe request) {
        Principal principal = session.principal();
        Conversation conversation = access.visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = access.activeParticipant(conversation, principal);
        if (request.getSinceSeq() < 0) {
            throw RequestException.invalid("since_seq must be >= 0");
        }
        if (principal.isStaff()) {
            auditor.record(principal, "conversation.read", "conversation", conversation.id(),
                    ConversationAccess.onBehalfOf(conversation));
        }
        long since = request.getSinceSeq();
        long readableAfter = access.readableAfter(conversation, me);
        boolean epochMatches = request.getEpoch().isEmpty() ? since == 0 : request.getEpoch().equals(conversation.epoch());
        // A first subscribe (no epoch, since 0) by a participant whose owner lets them read only from a later seq
        // (e.g. a room member who sees history from their join) starts there: nothing they may read is missing.
        boolean ownerFloor = readableAfter > conversation.firstSeq() - 1;
        long from = request.getEpoch().isEmpty() && since == 0 && ownerFloor ? readableAfter : since;
        boolean recovered = epochMatches && from >= readableAfter && from <= conversation.lastSeq();
        long replayAfter = recovered ? from : readableAfter;

        ConversationSubscription sub = hub.subscribe(session, conversation.id(),
                new Membership(me.participantId(), me.memberSinceSeq()), replayAfter);
        boolean firstConnection = presence.connect(Channels.conversation(conversation.id()), principal.id(),
                session.connectionId());

        Conversation fresh = store.byId(conversation.id()).orElse(conversation);
        session.send(ServerMessage.newBuilder().setRequestId(requestId).setSubscribeResult(
                subscribeResult(fresh, me, recovered, readableAfter)).build());
        hub.catchUp(sub);
        if (firstConnection && access.showsPresence(conversation, me)) {
            publish.presence(conversation.id(), me.participantId(), true);
        }
    }

    void unsubscribe(ClientSession session, String conversationId) {
        hub.unsubscribe(session, conversationId);
        // Also when the hub already dropped the subscription (own departure): presence must not outlive it.
        leavePresence(session, conversationId);
    }

    /** The connection closed: its presence in every subscribed conversation ends. */
    void connectionClosed(ClientSession session) {
        for (ConversationSubscription sub : hub.subscriptionsOf(session)) {
            unsubscribe(session, sub.conversationId());
        }
    }

    private void leavePresence(ClientSession session, String conversationId) {
        if (presence.disconnect(Channels.conversation(conversationId), session.principal().id(),
                session.connectionId())) {
            store.participant(conversationId, session.principal().id())
                    .filter(p -> store.byId(conversationId).map(c -> access.showsPresence(c, p)).orElse(true))
                    .ifPresent(p -> publish.presence(conversationId, p.participantId(), false));
        }
    }

    MessageAck send(ClientSession session, SendMessage request) {
        Principal principal = session.principal();
        requireClientMsgId(request.getClientMsgId());
        requireText(request.getText());
        Conversation conversation = access.visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = access.writerNow(conversation, principal);
        access.checkPlainText(conversation, me);
        return append(conversation, me, request.getClientMsgId(),
                ConversationEvent.newBuilder().setText(TextMessage.newBuilder().setText(request.getText())));
    }

    static void requireClientMsgId(String clientMsgId) {
        if (clientMsgId.isEmpty() || clientMsgId.length() > 64) {
            throw RequestException.invalid("client_msg_id must be 1..64 characters");
        }
    }

    /** A message text: not only white space, at most {@code chat.max-text-chars} code points. */
    void requireText(String text) {
        if (text.isBlank()) {
            throw RequestException.invalid("text must not be empty");
        }
        if (Texts.length(text) > settings.maxTextChars()) {
            throw new RequestException(ErrorCode.TOO_LARGE, "text longer than " + settings.maxTextChars() + " characters");
        }
    }

    /**
     * Stores an event authored by the participant (sender fields and client_msg_id set here, the body by the
     * caller), idempotent by client_msg_id, and publishes it unless it was a retry.
     */
    MessageAck append(Conversation conversation, Conversations.Participant me, String clientMsgId,
                      ConversationEvent.Builder body) {
        requireClientMsgId(clientMsgId);
        // No "ended?" check here: the store answers a retry of a stored message even after the end (so a client
        // that lost the ack learns it arrived) and refuses only new messages, atomically with the end.
        ConversationEvent draft = body
                .setConversationId(conversation.id())
                .setSenderId(me.participantId())
                .setSenderRole(me.role())
                .setSenderName(me.displayName())
                .setClientMsgId(clientMsgId)
                .build();
        Conversations.AppendResult result;
        try {
            result = store.append(conversation.id(), draft, clock.instant());
        } catch (ConflictException e) {
            throw RequestException.conflict("conversation has ended");
        }
        if (!result.duplicate()) {
            publish.event(result.event());
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

    void typing(ClientSession session, Typing request) {
        Principal principal = session.principal();
        Conversation conversation = access.visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = access.writerNow(conversation, principal);
        if (!conversation.open()) {
            throw RequestException.conflict("conversation has ended");
        }
        publish.ephemeral(conversation.id(), ServerMessage.newBuilder().setTyping(
                TypingEvent.newBuilder().setConversationId(conversation.id()).setParticipantId(me.participantId())
                        .setDisplayName(me.displayName()).setTyping(request.getTyping())).build());
    }

    void receipt(ClientSession session, SendReceipt request) {
        Principal principal = session.principal();
        Conversation conversation = access.visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = access.activeParticipant(conversation, principal);
        if (request.getKind() == ReceiptKind.RECEIPT_KIND_UNSPECIFIED) {
            throw RequestException.invalid("kind is required");
        }
        if (request.getUpToSeq() < 1 || request.getUpToSeq() > conversation.lastSeq()) {
            throw RequestException.invalid("up_to_seq outside the conversation");
        }
        long now = store.updateReceipt(conversation.id(), principal.id(), request.getKind(), request.getUpToSeq());
        publish.ephemeral(conversation.id(), ServerMessage.newBuilder().setReceipt(
                ReceiptEvent.newBuilder().setConversationId(conversation.id()).setParticipantId(me.participantId())
                        .setKind(request.getKind()).setUpToSeq(now)).build());
    }

    History history(ClientSession session, GetHistory request) {
        Principal principal = session.principal();
        Conversation conversation = access.visibleConversation(principal, request.getConversationId());
        Conversations.Participant me = access.activeParticipant(conversation, principal);
        if (request.getLimit() < 0 || request.getBeforeSeq() < 0) {
            throw RequestException.invalid("limit and before_seq must be >= 0");
        }
        int limit = request.getLimit() == 0 ? 50 : Math.min(request.getLimit(), settings.historyPageMax());
        if (principal.isStaff()) {
            auditor.record(principal, "conversation.history", "conversation", conversation.id(),
                    ConversationAccess.onBehalfOf(conversation));
        }
        long readableAfter = access.readableAfter(conversation, me);
        List<ConversationEvent> newestFirst = new ArrayList<>(
                store.eventsBefore(conversation.id(), request.getBeforeSeq(), limit + 1));
        newestFirst.removeIf(event -> event.getSeq() <= readableAfter);
        boolean hasMore = newestFirst.size() > limit;
        List<ConversationEvent> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(page);
        return History.newBuilder().setConversationId(conversation.id()).addAllEvents(page).setHasMore(hasMore).build();
    }

    private SubscribeResult subscribeResult(Conversation c, Conversations.Participant me, boolean recovered,
                                            long readableAfter) {
        Set<String> present = presence.presentPrincipals(Channels.conversation(c.id()));
        SubscribeResult.Builder b = SubscribeResult.newBuilder()
                .setConversationId(c.id())
                .setKind(c.kind())
                .setState(c.open() ? ConversationState.OPEN : ConversationState.ENDED)
                .setEpoch(c.epoch())
                .setRecovered(recovered)
                .setFirstSeq(readableAfter + 1 > c.lastSeq() ? 0 : readableAfter + 1)
                .setLastSeq(c.lastSeq())
                .setYourParticipantId(me.participantId())
                .setYourRole(me.role())
                .setMemberSinceSeq(me.memberSinceSeq())
                .setEndReason(c.endReason() == null ? EndReason.END_REASON_UNSPECIFIED : c.endReason());
        access.describe(c, b);
        for (Conversations.Participant p : store.participants(c.id())) {
            b.addParticipants(publish.participant(c.id(), p).toBuilder()
                    .setPresent(present.contains(p.principalId()) && access.showsPresence(c, p)));
        }
        return b.build();
    }

}
