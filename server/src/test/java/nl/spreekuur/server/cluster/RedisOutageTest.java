package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.RedisProcess;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One node with {@code broker=redis} while Redis is gone: what needs only the store still works and is acknowledged
 * (sending), what needs Redis is answered UNAVAILABLE (a subscription), and when Redis is back the client retries
 * and gets what it missed.
 */
class RedisOutageTest {

    @Test
    void sendsAreStoredAndAcknowledgedSubscribingIsUnavailableAndARetryAfterwardsCatchesUp() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             ServicesTestServer node = ServicesTestServer.start(Map.of("broker", "redis", "redis.url", redis.url(),
                     "redis.timeout-seconds", "1"))) {
            Organisation org = node.organisation("demo");
            Account anna = node.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
            OfficeHour officeHour = node.alwaysOpenOfficeHour(org, "inloop", anna);
            try (WsPeer pro = node.connect(TestWsClient.PROTO, node.login(org, "anna"));
                 WsPeer client = node.connect(TestWsClient.PROTO, node.anonymous(org))) {
                pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                        SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
                String chat = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                        .setOfficeHourId(officeHour.getId()).setNickname("Sam").setFirstQuestion("Een vraag.").setUseConsentDefault(true)))
                        .getJoinQueueResult().getStatus().getConversationId();
                SubscribeResult subscribed = client.subscribe(chat, 0, "");
                long seen = 0;
                while (seen < subscribed.getLastSeq()) {
                    seen = client.nextEvent(chat).getSeq();
                }

                redis.kill();
                Awaitility.await().until(() -> node.get("/readyz").status() == 503);
                MessageAck stored = client.sendText(chat, "c-1", "terwijl Redis weg is");
                assertThat(stored.getSeq()).isEqualTo(seen + 1);
                assertThat(client.callForError(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder()
                        .setConversationId(chat).setSinceSeq(seen).setEpoch(subscribed.getEpoch()))))
                        .isEqualTo(ErrorCode.UNAVAILABLE);

                redis.relaunch();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> node.get("/readyz").status() == 200);
                SubscribeResult again = client.subscribe(chat, seen, subscribed.getEpoch());
                assertThat(again.getRecovered()).isTrue();
                ConversationEvent missed = client.nextEvent(chat);
                assertThat(missed.getSeq()).isEqualTo(stored.getSeq());
                assertThat(missed.getText().getText()).isEqualTo("terwijl Redis weg is");

                MessageAck live = client.sendText(chat, "c-2", "weer live");
                assertThat(client.nextEvent(chat).getSeq()).isEqualTo(live.getSeq());
            }
        }
    }
}
