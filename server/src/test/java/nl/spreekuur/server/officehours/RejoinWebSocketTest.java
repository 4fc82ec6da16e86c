package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * A professional who handed a chat over and claims it again is a participant again with the same participant id:
 * their own earlier "left" is history in the replay, and everything after it reaches them live — on the connection
 * they had and on a fresh one.
 */
class RejoinWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void aChatClaimedAgainAfterATransferKeepsReachingTheProfessional(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String id = chat.conversationId();
            String ohId = chat.officeHour().getId();
            Account bert = server.staff(chat.org(), "bert", "Bert Jansen", Role.PROFESSIONAL);
            server.server().store().officeHours().save(chat.officeHour().toBuilder().addProfessionalIds(bert.id())
                    .build());
            try (WsPeer colleague = server.connect(encoding, server.login(chat.org(), "bert"))) {
                colleague.callForAck(ClientMessage.newBuilder().setSetDuty(
                        SetDuty.newBuilder().setOfficeHourId(ohId).setOnDuty(true)));
                // Anna hands the chat to Bert; Bert sends it back to the queue; Anna claims it again.
                chat.pro().callForAck(Requests.transfer(id, bert.id(), "kun jij dit overnemen?"));
                ConversationEvent annaLeft = chat.client().await("Anna left", m -> m.hasEvent()
                        && m.getEvent().hasLeft()).getEvent();
                assertThat(annaLeft.getLeft().getDisplayName()).isEqualTo(OpenChat.PROFESSIONAL_NAME);
                assertThat(annaLeft.getLeft().getLeaveReason()).isEqualTo(LeaveReason.HANDED_OVER);
                String annaId = annaLeft.getLeft().getParticipantId();
                colleague.await("chat assigned to Bert", m -> m.hasChatAssigned());
                colleague.callForAck(Requests.transfer(id, "", "toch niet"));
                chat.client().await("Bert left", m -> m.hasEvent() && m.getEvent().hasLeft()
                        && !m.getEvent().getLeft().getParticipantId().equals(annaId));
                assertThat(chat.pro().call(Requests.claim(ohId, chat.queueEntryId())).hasChatAssigned()).isTrue();

                SubscribeResult again = chat.pro().subscribe(id, 0, "");
                assertThat(again.getYourParticipantId()).as("same participant id").isEqualTo(annaId);
                assertThat(again.getMemberSinceSeq()).isGreaterThan(annaLeft.getSeq());
                // The replay passes her own earlier "left" and reaches the newest event (the connection may still
                // hold events from before the transfer, so look for the newest one rather than count).
                chat.pro().await("replay up to the last seq", m -> m.hasEvent()
                        && m.getEvent().getConversationId().equals(id) && m.getEvent().getSeq() == again.getLastSeq());

                try (WsPeer freshTab = server.connect(otherEncoding(encoding), server.login(chat.org(), "anna"))) {
                    SubscribeResult fresh = freshTab.subscribe(id, 0, "");
                    OpenChat.consumeReplay(freshTab, fresh);

                    chat.client().sendText(id, "c-after", "Ben je er weer?");
                    chat.pro().await("the client's message, live", m -> m.hasEvent()
                            && m.getEvent().getText().getText().equals("Ben je er weer?"));
                    assertThat(freshTab.nextEvent(id).getText().getText()).isEqualTo("Ben je er weer?");

                    chat.client().callForAck(Requests.end(id));
                    assertThat(chat.pro().await("the end, live", m -> m.hasEvent() && m.getEvent().hasEnded())
                            .getEvent().getEnded().getReason()).isEqualTo(EndReason.ENDED_BY_CLIENT);
                    assertThat(freshTab.nextEvent(id).getEnded().getReason()).isEqualTo(EndReason.ENDED_BY_CLIENT);
                }
            }
        }
    }
}
