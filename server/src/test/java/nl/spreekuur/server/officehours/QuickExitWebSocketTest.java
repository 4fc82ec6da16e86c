package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Quick exit ("Snel weg") over the socket: Ack, then the socket closes with 1000 "quick exit"; the token is
 * forgotten (a new Hello with it is refused with 1008); the professional sees the chat end with QUICK_EXIT, or the
 * waiting client disappear from the queue.
 */
class QuickExitWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void quickExitMidChatEndsItAndForgetsTheToken(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            chat.client().callForAck(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
            assertThat(chat.client().skipped()).as("nothing ends the session before the Ack")
                    .noneMatch(ServerMessage::hasSessionEnding);
            assertThat(chat.client().awaitClose()).isEqualTo(
                    new TestWsClient.CloseStatus(CloseCodes.NORMAL, "quick exit"));

            assertThat(chat.pro().nextEvent(chat.conversationId()).getEnded().getReason())
                    .isEqualTo(EndReason.QUICK_EXIT);
            chat.pro().await("QueueView without the chat", m -> m.hasQueueView()
                    && m.getQueueView().getChatsCount() == 0);

            assertRefused(encoding, chat.clientToken());
        }
    }

    @BothEncodings
    void quickExitWhileWaitingTakesTheClientOutOfTheQueue(String encoding) throws Exception {
        Organisation org = server.organisation("demo");
        Account anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        String officeHour = server.alwaysOpenOfficeHour(org, "inloop", anna).getId();
        String token = server.anonymous(org);
        try (WsPeer pro = server.connect(otherEncoding(encoding), server.login(org, "anna"));
             WsPeer client = server.connect(encoding, token)) {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(officeHour).setOnDuty(true)));
            assertThat(client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(officeHour).setNickname("Sam"))).getJoinQueueResult().getAdmitted()).isTrue();
            pro.await("QueueView with Sam", m -> m.hasQueueView() && m.getQueueView().getWaitingCount() == 1);

            client.callForAck(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
            assertThat(client.skipped()).noneMatch(ServerMessage::hasSessionEnding);
            assertThat(client.awaitClose()).isEqualTo(new TestWsClient.CloseStatus(CloseCodes.NORMAL, "quick exit"));
            pro.await("QueueView without Sam", m -> m.hasQueueView() && m.getQueueView().getWaitingCount() == 0);
            assertRefused(encoding, token);
        }
    }

    /** A new connection presenting the token gets SessionEnding and close 1008 "unauthenticated". */
    private void assertRefused(String encoding, String token) throws Exception {
        try (TestWsClient again = TestWsClient.connect(server.server().wsUri(), encoding)) {
            again.send(ClientMessage.newBuilder().setRequestId("hello")
                    .setHello(Hello.newBuilder().setToken(token)).build());
            ServerMessage answer = again.next();
            assertThat(answer.hasHelloOk()).as("no HelloOk for a forgotten token: %s", answer).isFalse();
            assertThat(again.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
        assertThat(server.server().context().authenticator().authenticate(token)).isEmpty();
    }
}
