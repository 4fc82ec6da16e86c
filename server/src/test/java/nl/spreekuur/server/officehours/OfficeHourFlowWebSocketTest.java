package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationState;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetOfficeHourStatus;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.protocol.v1.QueueItem;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.QueueView;
import nl.spreekuur.protocol.v1.ReceiptEvent;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendReceipt;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.SetTranscriptConsent;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.protocol.v1.Typing;
import nl.spreekuur.protocol.v1.TypingEvent;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;

/**
 * The whole office-hour story over real sockets with the production wiring: an anonymous client (token from
 * POST /api/anonymous) and a professional (token from POST /api/login) from joining to the end of the chat. The
 * client speaks the encoding under test, the professional the other one, so every push also crosses encodings.
 */
class OfficeHourFlowWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();
    private Organisation org;
    private Account anna;
    private OfficeHour officeHour;

    @BeforeEach
    void setUp() {
        org = server.organisation("demo");
        anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        officeHour = server.alwaysOpenOfficeHour(org, "inloop", anna);
    }

    /**
     * A client whose Hello started the session (no HTTP request) is told of nothing to resume, joins, and its token
     * then resumes the place on a new connection like any other.
     */
    @BothEncodings
    void aSessionStartedInTheHelloJoinsAndResumesWithItsToken(String encoding) throws Exception {
        String token;
        String entry;
        try (WsPeer pro = server.connect(otherEncoding(encoding), server.login(org, "anna"));
             WsPeer client = WsPeer.startSession(server.server().wsUri(), encoding, "demo")) {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
            assertThat(client.helloOk().getActiveList()).isEmpty();
            token = client.helloOk().getToken();
            JoinQueueResult joined = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(officeHour.getId()).setNickname("Sam").setUseConsentDefault(true)))
                    .getJoinQueueResult();
            assertThat(joined.getAdmitted()).isTrue();
            entry = joined.getStatus().getQueueEntryId();
        }
        try (WsPeer again = server.connect(encoding, token)) {
            assertThat(again.helloOk().getActiveList()).singleElement()
                    .satisfies(item -> assertThat(item.getQueueEntryId()).isEqualTo(entry));
            assertThat(again.helloOk().getToken()).isEmpty();
        }
    }

    @BothEncodings
    void clientAndProfessionalChatFromJoiningToTheEnd(String encoding) throws Exception {
        try (WsPeer pro = server.connect(otherEncoding(encoding), server.login(org, "anna"));
             WsPeer client = server.connect(encoding, server.anonymous(org))) {
            assertThat(client.helloOk().getKind()).isEqualTo(PrincipalKind.ANONYMOUS_CLIENT);
            assertThat(client.helloOk().getActiveList()).isEmpty();
            assertThat(pro.helloOk().getKind()).isEqualTo(PrincipalKind.STAFF);
            assertThat(pro.helloOk().getDisplayName()).isEqualTo("Anna de Vries");

            // the professional goes on duty and sees the (empty) queue
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
            pro.await("empty QueueView", m -> m.hasQueueView() && m.getQueueView().getOnDutyCount() == 1);

            // the client looks at the status by slug and joins
            OfficeHourStatus status = client.call(ClientMessage.newBuilder().setGetOfficeHourStatus(
                    GetOfficeHourStatus.newBuilder().setOfficeHourId("inloop"))).getOfficeHourStatus();
            assertThat(status.getOpen()).isTrue();
            assertThat(status.getAccepting()).isTrue();
            assertThat(status.getProfessionalsOnDuty()).isEqualTo(1);
            JoinQueueResult joined = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(officeHour.getId()).setNickname("Sam")
                    .setFirstQuestion("Mijn zoon wil niet naar school.").setUseConsentDefault(true)))
                    .getJoinQueueResult();
            assertThat(joined.getAdmitted()).isTrue();
            QueueStatus waiting = joined.getStatus();
            assertThat(waiting.getState()).isEqualTo(QueueState.WAITING);
            assertThat(waiting.getPosition()).isEqualTo(1);
            assertThat(waiting.getConversationId()).isNotEmpty();
            String chat = waiting.getConversationId();

            // the professional on duty sees the client waiting
            QueueView view = pro.await("QueueView with Sam", m -> m.hasQueueView()
                    && m.getQueueView().getWaitingCount() == 1).getQueueView();
            QueueItem item = view.getWaiting(0);
            assertThat(item.getNickname()).isEqualTo("Sam");
            assertThat(item.getFirstQuestion()).isEqualTo("Mijn zoon wil niet naar school.");
            assertThat(item.getPosition()).isEqualTo(1);
            assertThat(item.getQueueEntryId()).isEqualTo(waiting.getQueueEntryId());
            assertThat(item.getConversationId()).isEqualTo(chat);
            assertThat(item.getConnected()).isTrue();

            // the client types while waiting
            SubscribeResult clientSub = client.subscribe(chat, 0, "");
            assertThat(clientSub.getYourRole()).isEqualTo(ParticipantRole.CLIENT);
            assertThat(clientSub.getState()).isEqualTo(ConversationState.OPEN);
            assertThat(client.nextEvent(chat).getJoined().getParticipant().getRole()).isEqualTo(ParticipantRole.CLIENT);
            MessageAck early = client.sendText(chat, "c-1", "Ik wacht even.");
            assertOwnEvent(client, early, "Ik wacht even.");

            // the professional picks up the next client
            ChatAssigned assigned = pro.call(ClientMessage.newBuilder().setClaimClient(
                    ClaimClient.newBuilder().setOfficeHourId(officeHour.getId()))).getChatAssigned();
            assertThat(assigned.getConversationId()).isEqualTo(chat);
            assertThat(assigned.getQueueEntryId()).isEqualTo(waiting.getQueueEntryId());
            assertThat(assigned.getClientNickname()).isEqualTo("Sam");
            assertThat(assigned.getFirstQuestion()).isEqualTo("Mijn zoon wil niet naar school.");
            assertThat(assigned.getViaTransfer()).isFalse();

            // the client learns it is in the chat and sees the professional join
            client.await("QueueStatus IN_CHAT", m -> m.hasQueueStatus()
                    && m.getQueueStatus().getState() == QueueState.IN_CHAT
                    && m.getQueueStatus().getConversationId().equals(chat));
            ConversationEvent proJoined = client.nextEvent(chat);
            assertThat(proJoined.getJoined().getParticipant().getRole()).isEqualTo(ParticipantRole.PROFESSIONAL);
            assertThat(proJoined.getJoined().getParticipant().getDisplayName()).isEqualTo("Anna de Vries");
            assertThat(proJoined.getSeq()).isEqualTo(early.getSeq() + 1);

            // the professional reads what the client typed while waiting
            SubscribeResult proSub = pro.subscribe(chat, 0, "");
            assertThat(proSub.getYourRole()).isEqualTo(ParticipantRole.PROFESSIONAL);
            assertThat(proSub.getLastSeq()).isEqualTo(proJoined.getSeq());
            assertThat(pro.nextEvent(chat).getJoined().getParticipant().getDisplayName()).isEqualTo("Sam");
            ConversationEvent typedWhileWaiting = pro.nextEvent(chat);
            assertThat(typedWhileWaiting.getText().getText()).isEqualTo("Ik wacht even.");
            assertThat(typedWhileWaiting.getSenderRole()).isEqualTo(ParticipantRole.CLIENT);
            assertThat(typedWhileWaiting.getSenderName()).isEqualTo("Sam");
            assertThat(pro.nextEvent(chat).getSeq()).isEqualTo(proJoined.getSeq());

            // messages both ways: the sender gets MessageAck and its own event, the other side the event
            MessageAck hello = pro.sendText(chat, "p-1", "Goedemiddag Sam.");
            assertThat(hello.getDuplicate()).isFalse();
            assertOwnEvent(pro, hello, "Goedemiddag Sam.");
            ConversationEvent atClient = client.nextEvent(chat);
            assertThat(atClient.getSeq()).isEqualTo(hello.getSeq());
            assertThat(atClient.getText().getText()).isEqualTo("Goedemiddag Sam.");
            assertThat(atClient.getSenderRole()).isEqualTo(ParticipantRole.PROFESSIONAL);
            assertThat(atClient.getSenderName()).isEqualTo("Anna de Vries");

            MessageAck answer = client.sendText(chat, "c-2", "Hij wil niet meer naar school.");
            assertThat(answer.getSeq()).isEqualTo(hello.getSeq() + 1);
            assertOwnEvent(client, answer, "Hij wil niet meer naar school.");
            assertThat(pro.nextEvent(chat).getText().getText()).isEqualTo("Hij wil niet meer naar school.");

            // typing (ephemeral) reaches the other side
            client.callForAck(ClientMessage.newBuilder().setTyping(
                    Typing.newBuilder().setConversationId(chat).setTyping(true)));
            TypingEvent typing = pro.await("typing", ServerMessage::hasTyping).getTyping();
            assertThat(typing.getConversationId()).isEqualTo(chat);
            assertThat(typing.getDisplayName()).isEqualTo("Sam");
            assertThat(typing.getTyping()).isTrue();

            // read receipt
            pro.callForAck(ClientMessage.newBuilder().setSendReceipt(SendReceipt.newBuilder()
                    .setConversationId(chat).setKind(ReceiptKind.READ).setUpToSeq(answer.getSeq())));
            ReceiptEvent receipt = client.await("receipt", ServerMessage::hasReceipt).getReceipt();
            assertThat(receipt.getKind()).isEqualTo(ReceiptKind.READ);
            assertThat(receipt.getUpToSeq()).isEqualTo(answer.getSeq());
            assertThat(receipt.getParticipantId()).isEqualTo(proSub.getYourParticipantId());

            // the client changes its transcript choice; both see the stored consent event
            client.callForAck(ClientMessage.newBuilder().setSetTranscriptConsent(
                    SetTranscriptConsent.newBuilder().setConversationId(chat).setConsent(true)));
            assertThat(pro.nextEvent(chat).getConsent().getConsent()).isTrue();
            assertThat(client.nextEvent(chat).getConsent().getConsent()).isTrue();

            // the professional ends the chat; both see why, and nothing can be sent any more
            pro.callForAck(ClientMessage.newBuilder().setEndChat(EndChat.newBuilder().setConversationId(chat)));
            assertThat(client.nextEvent(chat).getEnded().getReason()).isEqualTo(EndReason.ENDED_BY_PROFESSIONAL);
            assertThat(pro.nextEvent(chat).getEnded().getReason()).isEqualTo(EndReason.ENDED_BY_PROFESSIONAL);
            client.await("QueueStatus FINISHED", m -> m.hasQueueStatus()
                    && m.getQueueStatus().getState() == QueueState.FINISHED);
            assertThat(client.callForError(ClientMessage.newBuilder().setSendMessage(
                    SendMessage.newBuilder().setConversationId(chat)
                            .setClientMsgId("c-3").setText("Nog één ding.")))).isEqualTo(ErrorCode.CONFLICT);
            pro.await("QueueView without the chat", m -> m.hasQueueView()
                    && m.getQueueView().getChatsCount() == 0 && m.getQueueView().getWaitingCount() == 0);

            assertThat(client.violations()).isEmpty();
            assertThat(pro.violations()).isEmpty();
        }
    }

    private static void assertOwnEvent(WsPeer sender, MessageAck ack, String text) throws InterruptedException {
        ConversationEvent own = sender.nextEvent(ack.getConversationId());
        assertThat(own.getSeq()).isEqualTo(ack.getSeq());
        assertThat(own.getClientMsgId()).isEqualTo(ack.getClientMsgId());
        assertThat(own.getSentAt()).isEqualTo(ack.getSentAt());
        assertThat(own.getText().getText()).isEqualTo(text);
    }
}
