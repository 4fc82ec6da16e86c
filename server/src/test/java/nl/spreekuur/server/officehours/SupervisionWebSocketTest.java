package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.StopSupervising;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.protocol.v1.Supervise;
import nl.spreekuur.protocol.v1.WatchQueue;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Reading along ("meekijken") over real sockets: the client is told a colleague reads along (joined with role
 * SUPERVISOR), the supervisor reads but cannot write, and the client sees the supervisor leave.
 */
class SupervisionWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void supervisorIsVisibleToTheClientReadsAlongAndCannotWrite(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String id = chat.conversationId();
            server.staff(chat.org(), "bert", "Bert Jansen", Role.SUPERVISOR);
            try (WsPeer supervisor = server.connect(otherEncoding(encoding), server.login(chat.org(), "bert"))) {
                supervisor.callForAck(ClientMessage.newBuilder().setWatchQueue(
                        WatchQueue.newBuilder().setOfficeHourId(chat.officeHour().getId()).setWatch(true)));
                supervisor.await("QueueView with the chat", m -> m.hasQueueView()
                        && m.getQueueView().getChatsCount() == 1
                        && m.getQueueView().getChats(0).getConversationId().equals(id));

                supervisor.callForAck(ClientMessage.newBuilder().setSupervise(
                        Supervise.newBuilder().setConversationId(id)));
                ConversationEvent joined = chat.client().nextEvent(id);
                assertThat(joined.getJoined().getParticipant().getRole()).isEqualTo(ParticipantRole.SUPERVISOR);
                assertThat(joined.getJoined().getParticipant().getDisplayName()).isEqualTo("Bert Jansen");
                assertThat(chat.pro().nextEvent(id).getSeq()).isEqualTo(joined.getSeq());

                SubscribeResult reading = supervisor.subscribe(id, 0, "");
                assertThat(reading.getYourRole()).isEqualTo(ParticipantRole.SUPERVISOR);
                OpenChat.consumeReplay(supervisor, reading);
                chat.client().sendText(id, "c-1", "Wie leest er mee?");
                assertThat(supervisor.nextEvent(id).getText().getText()).isEqualTo("Wie leest er mee?");

                assertThat(supervisor.callForError(ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                        .setConversationId(id).setClientMsgId("s-1").setText("Hallo"))))
                        .isEqualTo(ErrorCode.FORBIDDEN);

                supervisor.callForAck(ClientMessage.newBuilder().setStopSupervising(
                        StopSupervising.newBuilder().setConversationId(id)));
                ConversationEvent left = chat.client().await("supervisor left", m -> m.hasEvent()
                        && m.getEvent().hasLeft()).getEvent();
                assertThat(left.getLeft().getRole()).isEqualTo(ParticipantRole.SUPERVISOR);
                assertThat(left.getLeft().getLeaveReason()).isEqualTo(LeaveReason.LEFT_VOLUNTARILY);
                assertThat(left.getLeft().getDisplayName()).isEqualTo("Bert Jansen");
                assertThat(left.getLeft().getParticipantId()).isEqualTo(joined.getJoined().getParticipant()
                        .getParticipantId());
                // no longer a participant: the supervisor's next read is refused
                assertThat(supervisor.callForError(ClientMessage.newBuilder().setSubscribe(
                        Subscribe.newBuilder().setConversationId(id))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
            }
        }
    }
}
