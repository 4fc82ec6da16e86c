package nl.spreekuur.server.session;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.broker.BrokerListener;
import nl.spreekuur.server.store.Conversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's fan-out: the only {@link BrokerListener}. Conversation publications go to the local
 * {@link ConversationSubscription}s (encoded once, shared by all of them); publications to a principal go to that
 * person's local connections; other channel prefixes go to the {@link ChannelHandler} registered for them.
 *
 * <p>Broker interest is reference-counted: the node subscribes a channel while at least one local holder needs it.
 */
public final class Hub implements BrokerListener {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);

    private final Broker broker;
    private final LocalSessions sessions;
    private final Conversations conversations;
    private final Executor backfill;
    private final Map<String, Set<ConversationSubscription>> byConversation = new ConcurrentHashMap<>();
    private final Map<String, Integer> interest = new ConcurrentHashMap<>();
    private final Map<String, ChannelHandler> handlers = new ConcurrentHashMap<>();

    public Hub(Broker broker, LocalSessions sessions, Conversations conversations, Executor backfill) {
        this.broker = broker;
        this.sessions = sessions;
        this.conversations = conversations;
        this.backfill = backfill;
    }

    /** Registers this hub as the broker's listener. */
    public void start() {
        broker.start(this);
    }

    public LocalSessions sessions() {
        return sessions;
    }

    /** Routes publications of channels starting with the prefix (e.g. "oh:", "control") to the handler. */
    public void route(String channelPrefix, ChannelHandler handler) {
        handlers.put(channelPrefix, handler);
    }

    // --- interest ---

    public void interest(String channel) {
        if (interest.merge(channel, 1, Integer::sum) == 1) {
            broker.subscribe(channel);
        }
    }

    public void release(String channel) {
        Integer left = interest.computeIfPresent(channel, (k, n) -> n <= 1 ? null : n - 1);
        if (left == null) {
            broker.unsubscribe(channel);
        }
    }

    // --- publishing (the one delivery path: services store first, then publish here) ---

    public void publish(String channel, ServerMessage message) {
        broker.publish(channel, message.toByteArray());
    }

    public void publishRaw(String channel, byte[] payload) {
        broker.publish(channel, payload);
    }

    /** Delivers a message to every connection of the principal, on whichever node. */
    public void pushToPrincipal(String principalId, ServerMessage message) {
        publish(Channels.principal(principalId), message);
    }

    // --- connections ---

    /** A connection authenticated: from now on pushes to its principal reach it. */
    public void connectionOpened(ClientSession session) {
        sessions.add(session);
        interest(Channels.principal(session.principal().id()));
    }

    /** A connection closed: drop its subscriptions and interest. */
    public void connectionClosed(ClientSession session) {
        sessions.remove(session);
        release(Channels.principal(session.principal().id()));
        for (ConversationSubscription sub : subscriptionsOf(session)) {
            unsubscribe(session, sub.conversationId());
        }
    }

    // --- conversation subscriptions ---

    /**
     * Subscribes the connection to a conversation. The returned subscription parks live publications until
     * {@link #catchUp(ConversationSubscription)} replays the missed events from the store; call that after
     * sending the SubscribeResult, so the result precedes the replay.
     */
    public ConversationSubscription subscribe(ClientSession session, String conversationId, String participantId,
                                              long afterSeq) {
        unsubscribe(session, conversationId);
        ConversationSubscription sub = new ConversationSubscription(session, conversationId, participantId, afterSeq,
                conversations, backfill);
        byConversation.computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet()).add(sub);
        subscriptionsIndex(session).put(conversationId, sub);
        interest(Channels.conversation(conversationId));
        return sub;
    }

    /** Replays from the store on the calling thread, then the subscription is live. */
    public void catchUp(ConversationSubscription sub) {
        sub.catchUp();
    }

    public boolean unsubscribe(ClientSession session, String conversationId) {
        ConversationSubscription sub = subscriptionsIndex(session).remove(conversationId);
        if (sub == null) {
            return false;
        }
        sub.close();
        byConversation.computeIfPresent(conversationId, (k, set) -> {
            set.remove(sub);
            return set.isEmpty() ? null : set;
        });
        release(Channels.conversation(conversationId));
        return true;
    }

    public List<ConversationSubscription> subscriptionsOf(ClientSession session) {
        return List.copyOf(subscriptionsIndex(session).values());
    }

    public boolean isSubscribed(ClientSession session, String conversationId) {
        ConversationSubscription sub = subscriptionsIndex(session).get(conversationId);
        return sub != null && !sub.isClosed();
    }

    private Map<String, ConversationSubscription> subscriptionsIndex(ClientSession session) {
        return session.state().computeIfAbsent("hub.subscriptions", ConcurrentHashMap::new);
    }

    // --- broker callbacks ---

    @Override
    public void onPublication(String channel, byte[] payload) {
        if (channel.startsWith(Channels.CONVERSATION_PREFIX)) {
            deliverToConversation(channel.substring(Channels.CONVERSATION_PREFIX.length()), payload);
        } else if (channel.startsWith(Channels.PRINCIPAL_PREFIX)) {
            deliverToPrincipal(channel.substring(Channels.PRINCIPAL_PREFIX.length()), payload);
        } else {
            for (Map.Entry<String, ChannelHandler> e : handlers.entrySet()) {
                if (channel.startsWith(e.getKey())) {
                    e.getValue().onPublication(channel, payload);
                    return;
                }
            }
            log.debug("no handler for channel {}", channel);
        }
    }

    @Override
    public void onReconnected() {
        byConversation.values().forEach(set -> set.forEach(ConversationSubscription::resync));
        handlers.values().forEach(ChannelHandler::onBrokerReconnected);
    }

    private void deliverToConversation(String conversationId, byte[] payload) {
        Set<ConversationSubscription> subs = byConversation.get(conversationId);
        if (subs == null || subs.isEmpty()) {
            return;
        }
        ServerMessage message = decode(payload);
        if (message == null) {
            return;
        }
        long seq = message.hasEvent() ? message.getEvent().getSeq() : 0;
        EncodedMessage encoded = EncodedMessage.of(message);
        for (ConversationSubscription sub : subs) {
            sub.offer(seq, encoded);
            if (sub.isClosed()) {
                unsubscribe(sub.session(), conversationId);
            }
        }
    }

    private void deliverToPrincipal(String principalId, byte[] payload) {
        var targets = sessions.ofPrincipal(principalId);
        if (targets.isEmpty()) {
            return;
        }
        ServerMessage message = decode(payload);
        if (message == null) {
            return;
        }
        EncodedMessage encoded = EncodedMessage.of(message);
        targets.forEach(s -> s.send(encoded));
    }

    private static ServerMessage decode(byte[] payload) {
        try {
            return ServerMessage.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            log.warn("undecodable publication dropped ({} bytes)", payload.length);
            return null;
        }
    }
}
