package nl.spreekuur.server.conversation;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Resume over real sockets: a client whose socket closes mid-chat reconnects with the same token, finds the chat
 * in HelloOk.active, subscribes with its last seq and epoch and gets exactly what it missed, in order, then live
 * events; a retried SendMessage is acknowledged as a duplicate and stored once.
 */
class ConversationResumeWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void reconnectingClientGetsExactlyTheMissedMessagesThenLiveOnes(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String id = chat.conversationId();
            MessageAck sent = chat.client().sendText(id, "c-1", "Zijn jullie er nog?");
            assertThat(chat.client().nextEvent(id).getSeq()).isEqualTo(sent.getSeq());
            ConversationEvent atPro = chat.pro().nextEvent(id);
            assertThat(atPro.getSeq()).isEqualTo(sent.getSeq());
            String clientParticipant = atPro.getSenderId();

            // the client's socket goes; the professional sees it leave (presence), so the server has noticed
            chat.client().close();
            chat.pro().await("client absent", m -> m.hasPresence() && !m.getPresence().getPresent()
                    && m.getPresence().getParticipantId().equals(clientParticipant));

            List<MessageAck> missed = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                missed.add(chat.pro().sendText(id, "p-" + i, "Bericht " + i));
            }
            assertThat(missed).extracting(MessageAck::getSeq).containsExactly(
                    sent.getSeq() + 1, sent.getSeq() + 2, sent.getSeq() + 3, sent.getSeq() + 4, sent.getSeq() + 5);

            try (WsPeer back = server.connect(encoding, chat.clientToken())) {
                assertThat(back.helloOk().getActiveList()).singleElement().satisfies(active -> {
                    assertThat(active.getConversationId()).isEqualTo(id);
                    assertThat(active.getKind()).isEqualTo(ConversationKind.OFFICE_HOUR_CHAT);
                    assertThat(active.getQueueEntryId()).isEqualTo(chat.queueEntryId());
                    assertThat(active.getOfficeHourId()).isEqualTo(chat.officeHour().getId());
                    assertThat(active.getQueueState()).isEqualTo(QueueState.IN_CHAT);
                });

                SubscribeResult resumed = back.subscribe(id, sent.getSeq(), chat.clientEpoch());
                assertThat(resumed.getRecovered()).isTrue();
                assertThat(resumed.getEpoch()).isEqualTo(chat.clientEpoch());
                assertThat(resumed.getLastSeq()).isEqualTo(sent.getSeq() + 5);
                assertThat(resumed.getYourRole()).isEqualTo(ParticipantRole.CLIENT);
                for (int i = 1; i <= 5; i++) {
                    ConversationEvent replayed = back.nextEvent(id);
                    assertThat(replayed.getSeq()).isEqualTo(sent.getSeq() + i);
                    assertThat(replayed.getText().getText()).isEqualTo("Bericht " + i);
                    assertThat(replayed.getClientMsgId()).isEqualTo("p-" + i);
                }

                // live again: the next event is the professional's next message, nothing in between
                MessageAck live = chat.pro().sendText(id, "p-6", "Fijn dat je terug bent.");
                ConversationEvent liveEvent = back.nextEvent(id);
                assertThat(liveEvent.getSeq()).isEqualTo(live.getSeq()).isEqualTo(sent.getSeq() + 6);
                assertThat(liveEvent.getText().getText()).isEqualTo("Fijn dat je terug bent.");

                // the client did not know its first message arrived and sends it again: same seq, nothing new
                MessageAck retry = back.sendText(id, "c-1", "Zijn jullie er nog?");
                assertThat(retry.getDuplicate()).isTrue();
                assertThat(retry.getSeq()).isEqualTo(sent.getSeq());
                assertThat(retry.getSentAt()).isEqualTo(sent.getSentAt());
                MessageAck next = back.sendText(id, "c-2", "Ja, ik ben er weer.");
                assertThat(next.getDuplicate()).isFalse();
                assertThat(next.getSeq()).isEqualTo(live.getSeq() + 1);
                // the professional's stream: the live message, then the new one; no second copy of c-1
                drainUpTo(chat.pro(), id, live.getSeq());
                ConversationEvent afterRetry = chat.pro().nextEvent(id);
                assertThat(afterRetry.getSeq()).isEqualTo(next.getSeq());
                assertThat(afterRetry.getClientMsgId()).isEqualTo("c-2");
                assertThat(back.nextEvent(id).getSeq()).isEqualTo(next.getSeq());
                assertThat(server.server().store().conversations().byId(id).orElseThrow().lastSeq())
                        .isEqualTo(next.getSeq());

                assertThat(back.violations()).isEmpty();
            }
        }
    }

    @BothEncodings
    void resumingWithAnotherEpochStartsOverFromTheOldestRetainedEvent(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String id = chat.conversationId();
            chat.client().close();
            try (WsPeer back = server.connect(encoding, chat.clientToken())) {
                SubscribeResult result = back.subscribe(id, chat.clientLastSeq(), "not-the-epoch");
                assertThat(result.getRecovered()).isFalse();
                assertThat(result.getFirstSeq()).isEqualTo(1);
                assertThat(back.nextEvent(id).getSeq()).isEqualTo(1);
                assertThat(back.helloOk().getActiveList()).extracting(ActiveItem::getConversationId)
                        .containsExactly(id);
            }
        }
    }

    /** Takes the peer's events of the conversation up to and including the seq, in order. */
    private static void drainUpTo(WsPeer peer, String conversationId, long seq) throws InterruptedException {
        long seen = 0;
        while (seen < seq) {
            long got = peer.nextEvent(conversationId).getSeq();
            assertThat(got).as("events arrive in order").isGreaterThan(seen);
            seen = got;
        }
    }
}
