package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.RedisProcess;
import nl.spreekuur.server.testsupport.ServicesCluster;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Spreekuur nodes in one JVM with the production wiring, sharing one PostgreSQL database and one real
 * redis-server ({@code broker=redis}): a client on node A, a professional on node B. Office hours and the chat work
 * across the nodes, every message arrives exactly once and in order, and after a Redis restart in the middle of the
 * chat both sides receive what they missed (from the store), in order. A quick exit on one node closes the same
 * token's sockets on the other.
 */
class CrossNodeTest {
    private ServicesCluster cluster;
    private RedisProcess redis;
    private ServicesTestServer nodeA;
    private ServicesTestServer nodeB;
    private Organisation org;
    private OfficeHour officeHour;

    @BeforeEach
    void startTwoNodes() {
        cluster = ServicesCluster.start(2);
        redis = cluster.redis();
        nodeA = cluster.node(0);
        nodeB = cluster.node(1);
        org = nodeA.organisation("demo");
        Account anna = nodeA.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        officeHour = nodeA.alwaysOpenOfficeHour(org, "inloop", anna);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void queueOnNodeAClaimOnNodeBChatAcrossNodesAndThroughARedisRestart() throws Exception {
        try (WsPeer pro = nodeB.connect(TestWsClient.PROTO, nodeB.login(org, "anna"));
             WsPeer client = nodeA.connect(TestWsClient.JSON, nodeA.anonymous(org))) {
            // the professional goes on duty on node B
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
            pro.await("empty QueueView", m -> m.hasQueueView() && m.getQueueView().getOnDutyCount() == 1);

            // the client joins on node A; node B's professional sees the client waiting
            JoinQueueResult joined = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(officeHour.getId()).setNickname("Sam").setFirstQuestion("Een vraag.")
                    .setUseConsentDefault(true))).getJoinQueueResult();
            assertThat(joined.getAdmitted()).isTrue();
            String chat = joined.getStatus().getConversationId();
            pro.await("QueueView with Sam on the other node", m -> m.hasQueueView()
                    && m.getQueueView().getWaitingCount() == 1
                    && m.getQueueView().getWaiting(0).getNickname().equals("Sam")
                    && m.getQueueView().getWaiting(0).getConnected());

            SubscribeResult clientSub = client.subscribe(chat, 0, "");
            assertThat(clientSub.getYourRole()).isEqualTo(ParticipantRole.CLIENT);
            Delivered atClient = new Delivered(client, chat);
            atClient.upTo(clientSub.getLastSeq());
            MessageAck early = client.sendText(chat, "c-0", "Ik wacht even.");
            atClient.upTo(early.getSeq());

            // the professional on node B claims; the client on node A is told and sees the professional join
            ChatAssigned assigned = pro.call(ClientMessage.newBuilder().setClaimClient(
                    ClaimClient.newBuilder().setOfficeHourId(officeHour.getId()))).getChatAssigned();
            assertThat(assigned.getConversationId()).isEqualTo(chat);
            client.await("QueueStatus IN_CHAT from the other node", m -> m.hasQueueStatus()
                    && m.getQueueStatus().getState() == QueueState.IN_CHAT);
            ConversationEvent proJoined = atClient.next();
            assertThat(proJoined.getJoined().getParticipant().getRole()).isEqualTo(ParticipantRole.PROFESSIONAL);

            SubscribeResult proSub = pro.subscribe(chat, 0, "");
            Delivered atPro = new Delivered(pro, chat);
            atPro.upTo(proSub.getLastSeq());
            assertThat(atPro.texts()).contains("Ik wacht even.");

            // chat across the nodes, both directions
            long last = 0;
            for (int i = 1; i <= 10; i++) {
                MessageAck ack = i % 2 == 0 ? pro.sendText(chat, "p-" + i, "bericht " + i)
                        : client.sendText(chat, "c-" + i, "bericht " + i);
                last = ack.getSeq();
            }
            atClient.upTo(last);
            atPro.upTo(last);

            // Redis goes away mid-chat: messages are still stored and acknowledged, but nobody is woken up
            redis.kill();
            Awaitility.await().until(() -> nodeA.get("/readyz").status() == 503
                    && nodeB.get("/readyz").status() == 503);
            List<Long> sentWhileDown = new ArrayList<>();
            for (int i = 11; i <= 15; i++) {
                MessageAck ack = i % 2 == 0 ? pro.sendText(chat, "p-" + i, "bericht " + i)
                        : client.sendText(chat, "c-" + i, "bericht " + i);
                sentWhileDown.add(ack.getSeq());
                last = ack.getSeq();
            }
            assertThat(sentWhileDown).as("acknowledged with consecutive seqs from the store")
                    .containsExactly(last - 4, last - 3, last - 2, last - 1, last);

            // Redis returns: every node re-subscribes and backfills; both sides get what they missed, in order
            redis.relaunch();
            atClient.upTo(last, Duration.ofSeconds(30));
            atPro.upTo(last, Duration.ofSeconds(30));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    nodeA.get("/readyz").status() == 200 && nodeB.get("/readyz").status() == 200);

            // and live delivery works again afterwards
            MessageAck after = pro.sendText(chat, "p-after", "weer verbonden");
            atClient.upTo(after.getSeq());
            atPro.upTo(after.getSeq());
            assertThat(atClient.texts()).endsWith("bericht 14", "bericht 15", "weer verbonden");

            atClient.assertNothingMore();
            atPro.assertNothingMore();
            assertThat(client.violations()).isEmpty();
            assertThat(pro.violations()).isEmpty();
        }
    }

    /** Quick exit on node A closes the same token's socket on node B, and node B refuses the token from then on. */
    @Test
    void quickExitOnNodeAClosesTheClientsSocketOnNodeB() throws Exception {
        String token = nodeA.anonymous(org);
        try (WsPeer tabOnA = nodeA.connect(TestWsClient.PROTO, token);
             WsPeer tabOnB = nodeB.connect(TestWsClient.JSON, token)) {
            tabOnA.callForAck(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
            assertThat(tabOnA.awaitClose()).isEqualTo(new TestWsClient.CloseStatus(CloseCodes.NORMAL, "quick exit"));
            assertThat(tabOnB.awaitClose(Duration.ofSeconds(5))).isEqualTo(
                    new TestWsClient.CloseStatus(CloseCodes.POLICY_VIOLATION, "session revoked"));
        }
        try (TestWsClient again = TestWsClient.connect(nodeB.server().wsUri(), TestWsClient.PROTO)) {
            again.send(ClientMessage.newBuilder().setRequestId("hello")
                    .setHello(Hello.newBuilder().setToken(token)).build());
            assertThat(again.next().hasHelloOk()).as("node B refuses the revoked token").isFalse();
            assertThat(again.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }
}
