package nl.spreekuur.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.protocol.v1.TypingEvent;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.testsupport.RecordingSession;
import nl.spreekuur.server.testsupport.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store is the truth: a node that missed publications backfills, and duplicates are dropped. */
class HubTest {
    private ServiceFixture fx;
    private Conversations store;
    private String conversationId;
    private RecordingSession session;

    @BeforeEach
    void setUp() {
        fx = ServiceFixture.start();
        store = fx.store().conversations();
        String org = fx.organisation("hub");
        conversationId = store.create(org, ConversationKind.GROUP_ROOM, null, fx.clock().instant()).id();
        session = RecordingSession.client(org);
        Conversations.Participant p = store.join(conversationId, session.principal().id(), ParticipantRole.MEMBER,
                "Lid", fx.clock().instant());
        ConversationSubscription sub = fx.hub().subscribe(session, conversationId,
                new Membership(p.participantId(), p.memberSinceSeq()), 0);
        fx.hub().catchUp(sub);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void missedPublicationsAreBackfilledFromTheStoreInOrder() {
        ConversationEvent last = null;
        for (int i = 1; i <= 5; i++) {
            last = appendWithoutPublishing("m" + i);
        }
        publish(last);
        assertThat(nextSeqs(5)).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void duplicatePublicationsAreDropped() {
        ConversationEvent first = appendWithoutPublishing("a");
        publish(first);
        publish(first);
        ConversationEvent second = appendWithoutPublishing("b");
        publish(second);
        publish(first);
        ConversationEvent third = appendWithoutPublishing("c");
        publish(third);
        assertThat(nextSeqs(3)).containsExactly(1L, 2L, 3L);
        ConversationEvent fourth = appendWithoutPublishing("d");
        publish(fourth);
        assertThat(nextSeqs(1)).as("nothing in between").containsExactly(4L);
    }

    @Test
    void aBrokerReconnectResyncsEverySubscription() {
        appendWithoutPublishing("während");
        appendWithoutPublishing("der Störung");
        fx.hub().onReconnected();
        assertThat(nextSeqs(2)).containsExactly(1L, 2L);
    }

    @Test
    void aBroadcastIsEncodedOnceAndSharedByAllLocalSubscribers() {
        RecordingSession second = session.secondConnection();
        Conversations.Participant p = store.participant(conversationId, session.principal().id()).orElseThrow();
        Membership membership = new Membership(p.participantId(), p.memberSinceSeq());
        fx.hub().catchUp(fx.hub().subscribe(second, conversationId, membership, 0));
        List<EncodedMessage> seen = new ArrayList<>();
        ClientSession spy = new ObservedSession(second, seen::add);
        ClientSession spy2 = new ObservedSession(session, seen::add);
        fx.hub().catchUp(fx.hub().subscribe(spy, conversationId, membership, 0));
        fx.hub().catchUp(fx.hub().subscribe(spy2, conversationId, membership, 0));
        publish(appendWithoutPublishing("shared"));
        org.awaitility.Awaitility.await().until(() -> seen.size() == 2);
        assertThat(seen.get(0)).isSameAs(seen.get(1));
    }

    /**
     * A connection that subscribes again while a publication is being handed to its old subscription (a resume
     * followed by a fresh subscribe, as an app reloading its history does) keeps the new subscription: the hub
     * drops the replaced one, not whichever is current by then.
     */
    @Test
    void aSubscriptionReplacedDuringADeliveryStaysReplacedNotDropped() {
        Conversations.Participant p = store.participant(conversationId, session.principal().id()).orElseThrow();
        Membership membership = new Membership(p.participantId(), p.memberSinceSeq());
        RecordingSession second = session.secondConnection();
        AtomicReference<ClientSession> self = new AtomicReference<>();
        AtomicBoolean resubscribed = new AtomicBoolean();
        ObservedSession app = new ObservedSession(second, message -> {
            if (message.message().hasTyping() && !resubscribed.getAndSet(true)) {
                fx.hub().catchUp(fx.hub().subscribe(self.get(), conversationId, membership, 0));
            }
        });
        self.set(app);
        fx.hub().catchUp(fx.hub().subscribe(app, conversationId, membership, 0));

        fx.hub().publish(Channels.conversation(conversationId), ServerMessage.newBuilder().setTyping(
                TypingEvent.newBuilder().setConversationId(conversationId)
                        .setParticipantId(p.participantId()).setTyping(true)).build());
        second.next(ServerMessage::hasTyping);
        assertThat(resubscribed).isTrue();
        assertThat(fx.hub().isSubscribed(app, conversationId)).as("the new subscription").isTrue();

        publish(appendWithoutPublishing("after"));
        assertThat(second.next(ServerMessage::hasEvent).getEvent().getSeq()).isEqualTo(1L);
    }

    /**
     * A seq the store does not have (lost with an earlier store generation) never comes: the replay goes on after
     * it instead of waiting for it for good.
     */
    @Test
    void aSeqMissingFromTheStoreIsSkippedInsteadOfStallingTheReplay() {
        for (int i = 1; i <= 5; i++) {
            appendWithoutPublishing("h" + i);
        }
        Conversations withHole = (Conversations) java.lang.reflect.Proxy.newProxyInstance(
                Conversations.class.getClassLoader(), new Class<?>[] {Conversations.class}, (proxy, method, args) -> {
                    Object result = method.invoke(store, args);
                    if (method.getName().equals("eventsAfter")) {
                        return ((List<?>) result).stream()
                                .filter(e -> ((ConversationEvent) e).getSeq() != 3).toList();
                    }
                    return result;
                });
        Hub hub = new Hub(fx.broker(), new LocalSessions(), withHole, Runnable::run);
        RecordingSession reader = RecordingSession.client(fx.organisation("hole"));
        hub.catchUp(hub.subscribe(reader, conversationId, new Membership("reader", 0), 0));
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seqs.add(reader.next(ServerMessage::hasEvent).getEvent().getSeq());
        }
        assertThat(seqs).containsExactly(1L, 2L, 4L, 5L);
    }

    private ConversationEvent appendWithoutPublishing(String clientMsgId) {
        return store.append(conversationId, ConversationEvent.newBuilder().setConversationId(conversationId)
                .setClientMsgId(clientMsgId).setSenderId("s").setText(TextMessage.newBuilder().setText("x")).build(),
                fx.clock().instant()).event();
    }

    private void publish(ConversationEvent event) {
        fx.hub().publish(Channels.conversation(conversationId), ServerMessage.newBuilder().setEvent(event).build());
    }

    private List<Long> nextSeqs(int n) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seqs.add(session.next(ServerMessage::hasEvent).getEvent().getSeq());
        }
        return seqs;
    }

    /** Delegates to a session, with its own connection identity, and shows what it sends to {@code seen}. */
    private static final class ObservedSession implements ClientSession {
        private final RecordingSession target;
        private final Consumer<EncodedMessage> seen;
        private final SessionState state = new SessionState();
        private final String id = java.util.UUID.randomUUID().toString();

        ObservedSession(RecordingSession target, Consumer<EncodedMessage> seen) {
            this.target = target;
            this.seen = seen;
        }

        @Override
        public String connectionId() {
            return id;
        }

        @Override
        public nl.spreekuur.server.auth.Principal principal() {
            return target.principal();
        }

        @Override
        public void send(EncodedMessage message) {
            seen.accept(message);
            target.send(message);
        }

        @Override
        public void close(int code, String reason) {
            target.close(code, reason);
        }

        @Override
        public boolean isOpen() {
            return target.isOpen();
        }

        @Override
        public SessionState state() {
            return state;
        }
    }
}
