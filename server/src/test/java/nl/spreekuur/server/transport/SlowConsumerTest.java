package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import nl.spreekuur.protocol.v1.Account;
import nl.spreekuur.protocol.v1.AccountList;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ListAccounts;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.EncodedMessage;
import nl.spreekuur.server.testsupport.RecordingApplication;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

class SlowConsumerTest {

    @Test
    void aClientThatStopsReadingIsClosedWith4001AndOthersKeepWorking() throws Exception {
        try (TestServer server = TestServer.builder()
                .set("outbox.max-messages", "64")
                .set("outbox.max-bytes", "262144")
                .start();
             TestWsClient slow = server.connectAnonymous(TestWsClient.PROTO);
             TestWsClient other = server.connectAnonymous(TestWsClient.JSON)) {
            RecordingApplication app = server.recording();
            // on ListAccounts the application pushes 4 KiB messages until the connection closes
            EncodedMessage push = EncodedMessage.of(ServerMessage.newBuilder().setAccountList(AccountList.newBuilder()
                    .addAccounts(Account.newBuilder().setDisplayName("x".repeat(4096)))).build());
            app.respondWith((session, request) -> {
                if (request.hasListAccounts()) {
                    Thread flooder = new Thread(() -> {
                        while (session.isOpen()) {
                            session.send(push);
                        }
                    }, "test-flooder");
                    flooder.setDaemon(true);
                    flooder.start();
                } else {
                    RecordingApplication.ack(session, request);
                }
            });

            slow.pauseReading();
            slow.send(ClientMessage.newBuilder().setRequestId("flood")
                    .setListAccounts(ListAccounts.getDefaultInstance()).build());
            Counter disconnects = server.context().metrics().get("spreekuur.slow.consumer.disconnects").counter();
            await().atMost(Duration.ofSeconds(20)).until(() -> disconnects.count() >= 1);

            other.send(ClientMessage.newBuilder().setRequestId("p").setPing(Ping.getDefaultInstance()).build());
            assertThat(other.next().hasPong()).isTrue();

            slow.resumeReading();
            assertThat(slow.awaitClose()).isEqualTo(new TestWsClient.CloseStatus(CloseCodes.SLOW_CONSUMER,
                    "slow consumer"));
            // what was buffered before the overflow arrives first, then SessionEnding
            ServerMessage last = null;
            for (ServerMessage message : slow.drain()) {
                last = message;
            }
            assertThat(last).isNotNull();
            assertThat(last.getSessionEnding().getCloseCode()).isEqualTo(CloseCodes.SLOW_CONSUMER);
            assertThat(server.context().metrics().get("spreekuur.outbox.dropped").counter().count())
                    .isGreaterThan(0);

            other.send(ClientMessage.newBuilder().setRequestId("p2").setPing(Ping.getDefaultInstance()).build());
            assertThat(other.next().getRequestId()).isEqualTo("p2");
        }
    }
}
