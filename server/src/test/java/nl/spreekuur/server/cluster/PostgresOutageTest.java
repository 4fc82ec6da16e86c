package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.PostgresProcess;
import nl.spreekuur.server.testsupport.ServicesCluster;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under two nodes in the middle of a chat: sends are refused with {@code UNAVAILABLE} (nothing is
 * acknowledged that is not stored), both nodes say they are not ready, and when it is back the client's retry with the
 * same id is stored once and both sides receive every message once and in order.
 */
class PostgresOutageTest {
    private PostgresProcess postgres;
    private ServicesCluster cluster;

    @BeforeEach
    void start() {
        postgres = PostgresProcess.startOwn();
        cluster = ServicesCluster.start(2, postgres);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void sendsAreRefusedWhileTheStoreIsGoneAndStoredOnceAfterwards() throws Exception {
        ServicesTestServer a = cluster.node(0);
        ServicesTestServer b = cluster.node(1);
        Organisation org = a.organisation("demo");
        OfficeHour officeHour = a.alwaysOpenOfficeHour(org, "inloop",
                a.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL));
        try (WsPeer client = a.connect(TestWsClient.JSON, a.anonymous(org));
             WsPeer pro = b.connect(TestWsClient.PROTO, b.login(org, "anna"))) {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
            String chat = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(officeHour.getId()).setNickname("Sam").setUseConsentDefault(true)))
                    .getJoinQueueResult().getStatus().getConversationId();
            Delivered atClient = new Delivered(client, chat);
            atClient.upTo(client.subscribe(chat, 0, "").getLastSeq());
            pro.call(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                    .setOfficeHourId(officeHour.getId())));
            Delivered atPro = new Delivered(pro, chat);
            atPro.upTo(pro.subscribe(chat, 0, "").getLastSeq());
            MessageAck before = client.sendText(chat, "c-1", "voor de storing");
            atPro.upTo(before.getSeq());

            postgres.pause();
            ClientMessage.Builder during = ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                    .setConversationId(chat).setClientMsgId("c-2").setText("tijdens de storing"));
            assertThat(client.callForError(during)).isEqualTo(ErrorCode.UNAVAILABLE);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    a.get("/readyz").status() == 503 && b.get("/readyz").status() == 503);

            postgres.resume();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    a.get("/readyz").status() == 200 && b.get("/readyz").status() == 200);
            // the client retries with the same id: stored once, right after the last stored message
            MessageAck retried = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.sendText(chat, "c-2", "tijdens de storing"), ack -> ack != null);
            assertThat(retried.getSeq()).isEqualTo(before.getSeq() + 1);
            MessageAck again = client.sendText(chat, "c-2", "tijdens de storing");
            assertThat(again.getSeq()).as("a second retry is answered with the stored one").isEqualTo(retried.getSeq());
            MessageAck reply = pro.sendText(chat, "p-1", "weer verbonden");
            atClient.upTo(reply.getSeq(), Duration.ofSeconds(30));
            atPro.upTo(reply.getSeq(), Duration.ofSeconds(30));
            assertThat(atPro.texts()).endsWith("voor de storing", "tijdens de storing", "weer verbonden");
            atClient.assertNothingMore();
            atPro.assertNothingMore();
        }
    }
}
