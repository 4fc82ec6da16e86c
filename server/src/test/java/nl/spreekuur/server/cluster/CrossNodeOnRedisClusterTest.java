package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.PostgresProcess;
import nl.spreekuur.server.testsupport.RedisClusterProcess;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestClock;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two nodes with the production wiring on one PostgreSQL and a 3-master Redis Cluster ({@code redis.cluster=true},
 * sharded pub/sub): the queue on node A, the claim on node B, the chat across the nodes; then each master in turn is
 * restarted mid-chat, and both sides still get every message exactly once and in order (the channels of the
 * conversation, the people and the nodes live on different masters).
 */
class CrossNodeOnRedisClusterTest {

    @Test
    void chatAcrossNodesKeepsFlowingThroughARestartOfEachMaster() throws Exception {
        PostgresProcess postgres = PostgresProcess.shared();
        StoreSettings store = new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 10)
                .withSharedByNodes(true);
        TestClock clock = new TestClock(TestServer.START);
        try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
            Map<String, String> settings = Map.of("broker", "redis", "redis.cluster", "true",
                    "redis.url", cluster.seeds(), "redis.timeout-seconds", "2");
            try (ServicesTestServer nodeA = ServicesTestServer.start(settings, b -> b.store(store).clock(clock));
                 ServicesTestServer nodeB = ServicesTestServer.start(settings, b -> b.store(store).clock(clock))) {
                Organisation org = nodeA.organisation("demo");
                Account anna = nodeA.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
                OfficeHour officeHour = nodeA.alwaysOpenOfficeHour(org, "inloop", anna);
                try (WsPeer pro = nodeB.connect(TestWsClient.PROTO, nodeB.login(org, "anna"));
                     WsPeer client = nodeA.connect(TestWsClient.JSON, nodeA.anonymous(org))) {
                    pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                            SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
                    JoinQueueResult joined = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue
                            .newBuilder().setOfficeHourId(officeHour.getId()).setNickname("Sam")
                            .setFirstQuestion("Een vraag.").setUseConsentDefault(true))).getJoinQueueResult();
                    pro.await("Sam waiting, seen on the other node", m -> m.hasQueueView()
                            && m.getQueueView().getWaitingCount() == 1);
                    ChatAssigned assigned = pro.call(ClientMessage.newBuilder().setClaimClient(
                            ClaimClient.newBuilder().setOfficeHourId(officeHour.getId()))).getChatAssigned();
                    String chat = assigned.getConversationId();
                    assertThat(chat).isEqualTo(joined.getStatus().getConversationId());

                    SubscribeResult clientSub = client.subscribe(chat, 0, "");
                    SubscribeResult proSub = pro.subscribe(chat, 0, "");
                    NodeDrainTest.Stream atClient = new NodeDrainTest.Stream("client", chat);
                    NodeDrainTest.Stream atPro = new NodeDrainTest.Stream("professional", chat);
                    atClient.takeUpTo(client, clientSub.getLastSeq());
                    atPro.takeUpTo(pro, proSub.getLastSeq());

                    int n = 0;
                    for (int master = -1; master < RedisClusterProcess.MASTERS; master++) {
                        if (master >= 0) {
                            cluster.restart(master);
                        }
                        long last = 0;
                        for (int i = 0; i < 4; i++) {
                            n++;
                            MessageAck ack = n % 2 == 0 ? pro.sendText(chat, "p-" + n, "bericht " + n)
                                    : client.sendText(chat, "c-" + n, "bericht " + n);
                            last = ack.getSeq();
                        }
                        atClient.takeUpTo(client, last);
                        atPro.takeUpTo(pro, last);
                    }
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                            nodeA.get("/readyz").status() == 200 && nodeB.get("/readyz").status() == 200);
                    MessageAck after = client.sendText(chat, "c-after", "alles weer goed");
                    atClient.takeUpTo(client, after.getSeq());
                    atPro.takeUpTo(pro, after.getSeq());
                    atClient.assertNothingMore(client);
                    atPro.assertNothingMore(pro);
                    assertThat(atPro.texts()).containsExactlyElementsOf(atClient.texts());
                    assertThat(atPro.texts()).hasSize(n + 1).contains("bericht " + n, "alles weer goed");
                }
            }
        }
    }
}
