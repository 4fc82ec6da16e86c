package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationState;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * The reconnect grace period end to end: the test clock is moved past {@code reconnect_grace_seconds} and the
 * office-hour jobs that the production {@code Services} schedule (every 5 s) end the chat of a client that did
 * not come back, with CLIENT_GONE. Nothing here calls the jobs directly: that the scheduler runs them is part of
 * what is tested.
 */
class ReconnectGraceWebSocketTest {
    /** The job interval is 5 s; allow for a slow machine. */
    private static final Duration JOB_RUN = Duration.ofSeconds(20);

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void chatEndsWithClientGoneWhenTheClientStaysAwayPastTheGrace(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String id = chat.conversationId();
            chat.client().close();
            awaitDisconnectNoticed(chat.queueEntryId());

            server.clock().advance(Duration.ofSeconds(chat.officeHour().getReconnectGraceSeconds() + 1));

            ConversationEvent ended = chat.pro().nextEvent(id, JOB_RUN);
            assertThat(ended.getEnded().getReason()).isEqualTo(EndReason.CLIENT_GONE);
            chat.pro().await("QueueView without the chat", m -> m.hasQueueView()
                    && m.getQueueView().getChatsCount() == 0);
            assertThat(server.server().store().queue().byId(chat.queueEntryId()).orElseThrow().state())
                    .isEqualTo(QueueState.FINISHED);

            // coming back too late: nothing to resume, and the chat shows why it ended
            try (WsPeer late = server.connect(encoding, chat.clientToken())) {
                assertThat(late.helloOk().getActiveList()).isEmpty();
                SubscribeResult result = late.subscribe(id, chat.clientLastSeq(), chat.clientEpoch());
                assertThat(result.getState()).isEqualTo(ConversationState.ENDED);
                assertThat(result.getEndReason()).isEqualTo(EndReason.CLIENT_GONE);
                assertThat(late.nextEvent(id).getEnded().getReason()).isEqualTo(EndReason.CLIENT_GONE);
            }
        }
    }

    @BothEncodings
    void clientWhoReturnsWithinTheGraceKeepsTheChat(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            // a second client in a chat with the same professional, who will not come back
            String otherToken = server.anonymous(chat.org());
            String otherChat;
            String otherEntry;
            try (WsPeer other = server.connect(encoding, otherToken)) {
                assertThat(other.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                        .setOfficeHourId(chat.officeHour().getId()).setNickname("Kim")))
                        .getJoinQueueResult().getAdmitted()).isTrue();
                ChatAssigned assigned = chat.pro().call(ClientMessage.newBuilder().setClaimClient(
                        ClaimClient.newBuilder().setOfficeHourId(chat.officeHour().getId()))).getChatAssigned();
                otherChat = assigned.getConversationId();
                otherEntry = assigned.getQueueEntryId();
                OpenChat.consumeReplay(chat.pro(), chat.pro().subscribe(otherChat, 0, ""));
            }
            chat.client().close();
            awaitDisconnectNoticed(chat.queueEntryId());
            awaitDisconnectNoticed(otherEntry);

            int grace = chat.officeHour().getReconnectGraceSeconds();
            server.clock().advance(Duration.ofSeconds(grace / 2));
            try (WsPeer back = server.connect(encoding, chat.clientToken())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> server.server().store().queue()
                        .byId(chat.queueEntryId()).orElseThrow().disconnectedAt() == null);
                server.clock().advance(Duration.ofSeconds(grace));

                // the job ran (Kim's chat ended) and left Sam's chat alone
                ConversationEvent kimGone = chat.pro().nextEvent(otherChat, JOB_RUN);
                assertThat(kimGone.getEnded().getReason()).isEqualTo(EndReason.CLIENT_GONE);
                assertThat(server.server().store().conversations().byId(chat.conversationId()).orElseThrow().open())
                        .isTrue();
                SubscribeResult resumed = back.subscribe(chat.conversationId(), chat.clientLastSeq(),
                        chat.clientEpoch());
                assertThat(resumed.getRecovered()).isTrue();
                assertThat(resumed.getState()).isEqualTo(ConversationState.OPEN);
                chat.pro().sendText(chat.conversationId(), "p-1", "Daar ben je weer.");
                assertThat(back.nextEvent(chat.conversationId()).getText().getText()).isEqualTo("Daar ben je weer.");
            }
        }
    }

    /**
     * A long queue ({@code officehours.long-queue-length}, here 3) gives a waiting client who was never served only
     * {@code officehours.long-queue-grace-seconds} (here 30 s) after a dropped connection, instead of the office
     * hour's 120 s (the short queue's case is in {@code QueueFloodGuardTest}).
     */
    @BothEncodings
    void aNeverServedClientOfALongQueueKeepsThePlaceOnlyForTheShorterGrace(String encoding) throws Exception {
        try (ServicesTestServer busy = ServicesTestServer.start(java.util.Map.of(
                "officehours.long-queue-length", "3", "officehours.long-queue-grace-seconds", "30"))) {
            var org = busy.organisation("druk");
            var anna = busy.staff(org, "anna", "Anna", nl.spreekuur.server.store.Role.PROFESSIONAL);
            var oh = busy.alwaysOpenOfficeHour(org, "inloop", anna);
            java.util.List<WsPeer> waiting = new java.util.ArrayList<>();
            java.util.List<String> entries = new java.util.ArrayList<>();
            WsPeer pro = busy.connect(otherEncoding(encoding), busy.login(org, "anna"));
            waiting.add(pro);
            try {
                pro.callForAck(ClientMessage.newBuilder().setSetDuty(nl.spreekuur.protocol.v1.SetDuty.newBuilder()
                        .setOfficeHourId(oh.getId()).setOnDuty(true)));
                for (String nickname : java.util.List.of("Een", "Twee", "Drie")) {
                    WsPeer client = busy.connect(encoding, busy.anonymous(org));
                    waiting.add(client);
                    entries.add(client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                            .setOfficeHourId(oh.getSlug()).setNickname(nickname))).getJoinQueueResult().getStatus()
                            .getQueueEntryId());
                }
                waiting.get(1).close(); // the first client (0 is the professional)
                awaitDisconnectNoticed(busy, entries.get(0));

                busy.clock().advance(Duration.ofSeconds(31));

                await().atMost(JOB_RUN).until(() -> busy.server().store().queue().byId(entries.get(0))
                        .orElseThrow().state() == QueueState.EXPIRED);
                assertThat(busy.server().store().queue().byId(entries.get(1)).orElseThrow().state())
                        .as("a connected client keeps the place").isEqualTo(QueueState.WAITING);
            } finally {
                waiting.forEach(WsPeer::close);
            }
        }
    }

    private void awaitDisconnectNoticed(String queueEntryId) {
        awaitDisconnectNoticed(server, queueEntryId);
    }

    private static void awaitDisconnectNoticed(ServicesTestServer server, String queueEntryId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Queue.Entry entry = server.server().store().queue().byId(queueEntryId).orElseThrow();
            return entry.disconnectedAt() != null;
        });
    }
}
