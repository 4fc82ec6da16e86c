package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.DemoSetup;
import nl.spreekuur.server.officehours.OfficeHourDemo;
import nl.spreekuur.server.presence.PresenceManager.ClientInfo;
import nl.spreekuur.server.presence.RedisPresenceManager;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.PostgresProcess;
import nl.spreekuur.server.testsupport.RedisNodes;
import nl.spreekuur.server.testsupport.RedisProcess;
import nl.spreekuur.server.testsupport.ServerProcess;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful drain across real processes: two nodes (separate JVMs) on one PostgreSQL and one Redis, a client on node
 * A chatting with a professional on node B. Node A gets SIGTERM while the client has messages in flight: the client
 * is closed with 1012 "service restart", the professional sees the client leave and the client's presence entry is
 * gone from Redis at once (the TTL is 30 s); the client reconnects to node B, resumes from the last seq it saw and
 * sends its unacknowledged messages again with the same ids: both sides then have every message exactly once, in
 * order.
 */
class NodeDrainTest {
    private static final int IN_FLIGHT = 10;

    @TempDir
    Path dir;

    @Test
    void aDrainedNodesClientReconnectsElsewhereAndResumesExactlyOnceInOrderAndItsPresenceGoesAtOnce()
            throws Exception {
        PostgresProcess postgres = PostgresProcess.shared();
        String database = postgres.newDatabase();
        try (RedisProcess redis = RedisProcess.start();
             RedisNodes observer = new RedisNodes();
             ServerProcess nodeA = node("a", database, redis, "--demo");
             ServerProcess nodeB = node("b", database, redis)) {
            RedisPresenceManager presence = observer.open(redis,
                    connector -> new RedisPresenceManager(connector, Clock.systemUTC()));
            String proToken = nodeA.login(DemoSetup.ORGANISATION, DemoSetup.PROFESSIONAL, nodeA.demoPassword());
            String clientToken = nodeA.anonymous(DemoSetup.ORGANISATION);
            try (WsPeer pro = WsPeer.connect(nodeB.wsUri(), TestWsClient.JSON, proToken);
                 WsPeer client = WsPeer.connect(nodeA.wsUri(), TestWsClient.PROTO, clientToken)) {
                JoinQueueResult joined = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                        .setOfficeHourId(OfficeHourDemo.OPEN_SLUG).setNickname("Sam").setUseConsentDefault(true)))
                        .getJoinQueueResult();
                assertThat(joined.getAdmitted()).isTrue();
                ServerMessage claimed = pro.call(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                        .setOfficeHourId(joined.getStatus().getOfficeHourId())
                        .setQueueEntryId(joined.getStatus().getQueueEntryId())));
                assertThat(claimed.hasChatAssigned()).as("claimed on node B: %s", claimed).isTrue();
                String chat = claimed.getChatAssigned().getConversationId();

                SubscribeResult clientSub = client.subscribe(chat, 0, "");
                SubscribeResult proSub = pro.subscribe(chat, 0, "");
                Stream atClient = new Stream("client", chat);
                Stream atPro = new Stream("professional", chat);
                atClient.takeUpTo(client, clientSub.getLastSeq());
                atPro.takeUpTo(pro, proSub.getLastSeq());
                long last = 0;
                for (int i = 1; i <= 4; i++) {
                    last = (i % 2 == 0 ? pro.sendText(chat, "p-" + i, "bericht " + i)
                            : client.sendText(chat, "c-" + i, "bericht " + i)).getSeq();
                }
                atClient.takeUpTo(client, last);
                atPro.takeUpTo(pro, last);
                String conversationChannel = "conv:" + chat;
                Map<String, ClientInfo> before = presence.presence(conversationChannel);
                assertThat(before).as("one connection of each side").hasSize(2);

                // messages in flight when node A gets SIGTERM
                for (int i = 1; i <= IN_FLIGHT; i++) {
                    client.sendWithoutWaiting(send(chat, "c-flight-" + i));
                }
                nodeA.terminate();
                assertThat(client.awaitClose(Duration.ofSeconds(15)))
                        .isEqualTo(new TestWsClient.CloseStatus(CloseCodes.SERVICE_RESTART, "service restart"));
                pro.await("the client's departure", m -> m.hasPresence() && !m.getPresence().getPresent()
                        && m.getPresence().getParticipantId().equals(clientSub.getYourParticipantId()));
                // gone from the shared presence at once, not after NodePresence.TTL (30 s)
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                        presence.presence(conversationChannel).size() == 1);
                Map<String, ClientInfo> after = presence.presence(conversationChannel);
                assertThat(before).containsAllEntriesOf(after);
                assertThat(nodeA.awaitExit()).as("node A exits after the drain").isIn(0, 143);

                Map<String, Long> acknowledged = new HashMap<>();
                for (ServerMessage m : client.unclaimed()) {
                    if (m.hasEvent() && m.getEvent().getConversationId().equals(chat)) {
                        atClient.take(m.getEvent());
                    }
                    if (m.hasMessageAck()) {
                        acknowledged.put(m.getMessageAck().getClientMsgId(), m.getMessageAck().getSeq());
                    }
                }
                MessageAck away = pro.sendText(chat, "p-away", "ben je er nog?");

                // the client comes back through the other node, resumes, and sends the unacknowledged again
                try (WsPeer again = WsPeer.connect(nodeB.wsUri(), TestWsClient.PROTO, clientToken)) {
                    SubscribeResult resumed = again.subscribe(chat, atClient.lastSeq(), clientSub.getEpoch());
                    assertThat(resumed.getRecovered()).as("resumed where it left off").isTrue();
                    for (int i = 1; i <= IN_FLIGHT; i++) {
                        ServerMessage answer = again.call(send(chat, "c-flight-" + i));
                        assertThat(answer.hasMessageAck()).as("%s", answer).isTrue();
                        Long earlier = acknowledged.put("c-flight-" + i, answer.getMessageAck().getSeq());
                        if (earlier != null) {
                            assertThat(answer.getMessageAck().getSeq()).as("a retry keeps its seq")
                                    .isEqualTo(earlier);
                        }
                        last = Math.max(last, answer.getMessageAck().getSeq());
                    }
                    last = Math.max(last, away.getSeq());
                    atClient.takeUpTo(again, last);
                    atPro.takeUpTo(pro, last);
                    atClient.assertNothingMore(again);
                }
                atPro.assertNothingMore(pro);
                assertThat(atPro.texts()).as("every message once, in the order of its seq")
                        .containsExactlyElementsOf(atClient.texts());
                for (int i = 1; i <= IN_FLIGHT; i++) {
                    assertThat(atPro.texts()).as("c-flight-%d once", i).containsOnlyOnce("vlucht " + i);
                }
                assertThat(atPro.texts()).containsOnlyOnce("ben je er nog?");
                assertThat(client.violations()).isEmpty();
                assertThat(pro.violations()).isEmpty();
            }
        }
    }

    private ServerProcess node(String name, String database, RedisProcess redis, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0",
                "--store-url", database, "--store-user", PostgresProcess.shared().user(),
                "--broker", "redis", "--redis-url", redis.url(), "--set", "shutdown.grace-seconds=3",
                "--set", "calls.stun-port=0"));
        arguments.addAll(List.of(extra));
        return ServerProcess.start(dir.resolve("node-" + name + ".log"), arguments);
    }

    private static ClientMessage.Builder send(String chat, String clientMsgId) {
        return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(chat)
                .setClientMsgId(clientMsgId).setText("vlucht " + clientMsgId.substring(clientMsgId.lastIndexOf('-')
                        + 1)));
    }

    /** One side's view of the conversation's stored events: each seq exactly the one after the previous. */
    static final class Stream {
        private final String who;
        private final String conversationId;
        private final List<ConversationEvent> events = new ArrayList<>();
        private long lastSeq;

        Stream(String who, String conversationId) {
            this.who = who;
            this.conversationId = conversationId;
        }

        long lastSeq() {
            return lastSeq;
        }

        void take(ConversationEvent event) {
            assertThat(event.getSeq()).as("%s: the next seq, once and in order (after %d)", who, lastSeq)
                    .isEqualTo(lastSeq + 1);
            lastSeq = event.getSeq();
            events.add(event);
        }

        void takeUpTo(WsPeer peer, long seq) throws InterruptedException {
            while (lastSeq < seq) {
                take(peer.nextEvent(conversationId, Duration.ofSeconds(15)));
            }
        }

        List<String> texts() {
            return events.stream().filter(ConversationEvent::hasText).map(e -> e.getText().getText()).toList();
        }

        void assertNothingMore(WsPeer peer) {
            assertThat(peer.unclaimed().stream().filter(m -> m.hasEvent()
                    && m.getEvent().getConversationId().equals(conversationId)).toList())
                    .as("%s: events after seq %d", who, lastSeq).isEmpty();
        }
    }
}
