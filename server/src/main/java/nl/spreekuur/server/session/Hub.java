package nl.spreekuur.server.session;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.broker.BrokerListener;
import nl.spreekuur.server.store.Conversations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's fan-out, its one home: the only {@link BrokerListener}. Conversation publications go to the local
 * {@link ConversationSubscription}s (encoded once, shared by all of them); publications to a principal go to that
 * person's local connections; publications to this node's channel go to one connection ({@link ConnectionAddress});
 * other channel prefixes go to the {@link ChannelHandler} a capability registered for them, usually a
 * {@link Projection} made by {@link #projection}.
 *
 * <p>Broker interest is reference-counted: the node subscribes a channel while at least one local holder needs it.
 * The hub never adds or removes connections: the transport owns {@link LocalSessions}; the hub only reads it.
 */
public final class Hub implements BrokerListener {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** Session state key: the connection holds interest in its principal's channel. */
    private static final String PRINCIPAL_INTEREST = "hub.principal-interest";

    private final String nodeId;
    private final Broker broker;
    private final LocalSessions sessions;
    private final Conversations conversations;
    private final Executor backfill;
    private final Map<String, Set<ConversationSubscription>> byConversation = new ConcurrentHashMap<>();
    private final Map<String, Integer> interest = new ConcurrentHashMap<>();
    private final Map<String, ChannelHandler> handlers = new ConcurrentHashMap<>();

    /** A hub with a random node id (one node, tests). */
    public Hub(Broker broker, LocalSessions sessions, Conversations conversations, Executor backfill) {
        this(UUID.randomUUID().toString(), broker, sessions, conversations, backfill);
    }

    /** @param nodeId this node's id, unique among the nodes sharing the broker */
    public Hub(String nodeId, Broker broker, LocalSessions sessions, Conversations conversations, Executor backfill) {
        this.nodeId = nodeId;
        this.broker = broker;
        this.sessions = sessions;
        this.conversations = conversations;
        this.backfill = backfill;
    }

    /** Registers this hub as the broker's listener and subscribes this node's own channel. */
    public void start() {
        broker.start(this);
        interest(Channels.node(nodeId));
    }

    public String nodeId() {
        return nodeId;
    }

    /** This node's connections (read only: the transport adds and removes them). */
    public LocalSessions sessions() {
        return sessions;
    }

    /**
     * Routes publications of channels starting with the prefix (a capability's, e.g. "oh:") to the handler.
     *
     * @throws IllegalArgumentException if the prefix overlaps one the session layer serves or one already routed
     */
    public void route(String channelPrefix, ChannelHandler handler) {
        if (channelPrefix.isEmpty() || Channels.isReserved(channelPrefix)) {
            throw new IllegalArgumentException("channel prefix " + channelPrefix + " is reserved");
        }
        for (String taken : handlers.keySet()) {
            if (taken.startsWith(channelPrefix) || channelPrefix.startsWith(taken)) {
                throw new IllegalArgumentException("channel prefix " + channelPrefix + " overlaps " + taken);
            }
        }
        handlers.put(channelPrefix, handler);
    }

    /**
     * A {@link Projection} for the capability's channel prefix, routed here.
     *
     * @param executor runs the refreshes (they may read the store)
     */
    public <W> Projection<W> projection(String channelPrefix, Executor executor, Projection.Refresh<W> refresh) {
        Projection<W> projection = new Projection<>(this, channelPrefix, executor, refresh);
        route(channelPrefix, projection);
        return projection;
    }

    // --- interest ---

    /**
     * One more local holder needs the channel. On return the broker subscription is effective (see
     * {@link Broker#subscribe}), also when another holder's subscribe was still under way: the broker call runs
     * inside the count's update, so a second holder waits for the first one's subscription.
     */
    void interest(String channel) {
        interest.compute(channel, (k, n) -> {
            if (n == null) {
                broker.subscribe(k);
                return 1;
            }
            return n + 1;
        });
    }

    /** One local holder less; the node unsubscribes after the last. */
    void release(String channel) {
        interest.computeIfPresent(channel, (k, n) -> {
            if (n <= 1) {
                broker.unsubscribe(k);
                return null;
            }
            return n - 1;
        });
    }

    // --- publishing (the one delivery path: services store first, then publish here) ---

    public void publish(String channel, ServerMessage message) {
        broker.publish(channel, message.toByteArray());
    }

    /** For {@link Projection#changed}: a payload that is not a ServerMessage. */
    void publishRaw(String channel, byte[] payload) {
        broker.publish(channel, payload);
    }

    /** Delivers a message to every connection of the principal, on whichever node. */
    public void pushToPrincipal(String principalId, ServerMessage message) {
        publish(Channels.principal(principalId), message);
    }

    /** Delivers a message to one connection (one device), on whichever node it is. Dropped if it has closed. */
    public void pushToConnection(ConnectionAddress address, ServerMessage message) {
        broker.publish(Channels.node(address.nodeId()),
                new ConnectionDelivery(address.connectionId(), message.toByteArray()).encode());
    }

    /** Where {@link #pushToConnection} reaches this connection. */
    public ConnectionAddress addressOf(ClientSession session) {
        return new ConnectionAddress(nodeId, session.connectionId());
    }

    // --- connections ---

    /** A connection authenticated: from now on pushes to its principal reach it. */
    public void connectionOpened(ClientSession session) {
        interest(Channels.principal(session.principal().id()));
        session.state().<AtomicBoolean>computeIfAbsent(PRINCIPAL_INTEREST, AtomicBoolean::new).set(true);
    }

    /** A connection closed: drop its subscriptions and interest (only what was taken: opening may have failed). */
    public void connectionClosed(ClientSession session) {
        AtomicBoolean held = session.state().get(PRINCIPAL_INTEREST);
        if (held != null && held.getAndSet(false)) {
            release(Channels.principal(session.principal().id()));
        }
        for (ConversationSubscription sub : subscriptionsOf(session)) {
            unsubscribe(session, sub.conversationId());
        }
    }

    // --- conversation subscriptions ---

    /**
     * Subscribes the connection to a conversation. The returned subscription parks live publications until
     * {@link #catchUp(ConversationSubscription)} replays the missed events from the store; call that after
     * sending the SubscribeResult, so the result precedes the replay.
     *
     * @param membership whose subscription it is: it ends with that membership's own departure
     */
    public ConversationSubscription subscribe(ClientSession session, String conversationId, Membership membership,
                                              long afterSeq) {
        unsubscribe(session, conversationId);
        ConversationSubscription sub = new ConversationSubscription(session, conversationId, membership, afterSeq,
                conversations, backfill);
        byConversation.computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet()).add(sub);
        subscriptionsIndex(session).put(conversationId, sub);
        try {
            interest(Channels.conversation(conversationId));
        } catch (RuntimeException e) {
            // The broker could not subscribe (Redis unreachable): no interest was counted, so no subscription either.
            subscriptionsIndex(session).remove(conversationId, sub);
            sub.close();
            byConversation.computeIfPresent(conversationId, (k, set) -> {
                set.remove(sub);
                return set.isEmpty() ? null : set;
            });
            throw e;
        }
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
        forget(sub);
        return true;
    }

    /**
     * Drops exactly this subscription if it is still the connection's current one for its conversation. Not by
     * conversation id: the connection may have subscribed again meanwhile, and the new subscription must stay.
     */
    private void unsubscribeIfCurrent(ConversationSubscription sub) {
        if (subscriptionsIndex(sub.session()).remove(sub.conversationId(), sub)) {
            forget(sub);
        }
    }

    /** Closes a subscription already taken out of its connection's index, and gives up its broker interest. */
    private void forget(ConversationSubscription sub) {
        sub.close();
        byConversation.computeIfPresent(sub.conversationId(), (k, set) -> {
            set.remove(sub);
            return set.isEmpty() ? null : set;
        });
        release(Channels.conversation(sub.conversationId()));
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
        } else if (channel.equals(Channels.node(nodeId))) {
            deliverToConnection(payload);
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
                // Closed by this event (its membership ended) or replaced by a new subscribe meanwhile.
                unsubscribeIfCurrent(sub);
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

    private void deliverToConnection(byte[] payload) {
        ConnectionDelivery delivery;
        try {
            delivery = ConnectionDelivery.decode(payload);
        } catch (IllegalArgumentException e) {
            log.warn("undecodable connection delivery dropped ({} bytes)", payload.length);
            return;
        }
        ClientSession target = sessions.byConnection(delivery.connectionId());
        if (target == null) {
            return;
        }
        ServerMessage message = decode(delivery.message());
        if (message != null) {
            target.send(message);
        }
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
