package nl.spreekuur.server.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.History;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SendReceipt;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.protocol.v1.Typing;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.testsupport.RecordingSession;
import nl.spreekuur.server.testsupport.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationServiceTest {
    private ServiceFixture fx;
    private ConversationService service;
    private ConversationStream stream;
    private String org;
    private Conversation chat;
    private RecordingSession client;
    private RecordingSession pro;

    @BeforeEach
    void setUp() {
        fx = ServiceFixture.start();
        service = fx.conversations();
        stream = service.stream();
        org = fx.organisation("zorg");
        chat = service.open(org, ConversationKind.OFFICE_HOUR_CHAT, null);
        client = RecordingSession.client(org);
        pro = RecordingSession.staff(UUID.randomUUID().toString(), org, "Anna", Role.PROFESSIONAL);
        service.join(chat.id(), client.principal().id(), ParticipantRole.CLIENT, "Sam");
        service.join(chat.id(), pro.principal().id(), ParticipantRole.PROFESSIONAL, "Anna");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void subscribeReplaysHistoryThenDeliversLiveMessagesInOrder() {
        SubscribeResult result = subscribe(client, 0, "");
        assertThat(result.getRecovered()).isTrue();
        assertThat(result.getLastSeq()).isEqualTo(2);
        assertThat(result.getParticipantsList()).extracting(p -> p.getDisplayName()).containsExactly("Sam", "Anna");
        assertThat(nextEvent(client).getSeq()).isEqualTo(1);
        assertThat(nextEvent(client).getSeq()).isEqualTo(2);

        MessageAck ack = stream.send(pro, send("m1", "Hallo Sam"));
        assertThat(ack.getSeq()).isEqualTo(3);
        assertThat(ack.getDuplicate()).isFalse();
        ConversationEvent live = nextEvent(client);
        assertThat(live.getSeq()).isEqualTo(3);
        assertThat(live.getText().getText()).isEqualTo("Hallo Sam");
        assertThat(live.getSenderRole()).isEqualTo(ParticipantRole.PROFESSIONAL);
        assertThat(live.getClientMsgId()).isEqualTo("m1");
    }

    @Test
    void retryWithSameClientMessageIdIsAcknowledgedButNotStoredTwice() {
        subscribe(client, 2, chat.epoch());
        MessageAck first = stream.send(pro, send("same-id", "Eén keer"));
        MessageAck retry = stream.send(pro, send("same-id", "Eén keer"));
        assertThat(retry.getSeq()).isEqualTo(first.getSeq());
        assertThat(retry.getDuplicate()).isTrue();
        stream.send(pro, send("next-id", "Daarna"));
        // The fence: the next event after the first is the following message, not a copy.
        assertThat(nextEvent(client).getClientMsgId()).isEqualTo("same-id");
        ConversationEvent after = nextEvent(client);
        assertThat(after.getClientMsgId()).isEqualTo("next-id");
        assertThat(after.getSeq()).isEqualTo(first.getSeq() + 1);
    }

    @Test
    void resumeDeliversEveryMissedMessageExactlyOnceInOrder() {
        SubscribeResult first = subscribe(client, 0, "");
        nextEvent(client);
        nextEvent(client);
        stream.unsubscribe(client, chat.id());
        for (int i = 1; i <= 30; i++) {
            stream.send(pro, send("m" + i, "bericht " + i));
        }
        RecordingSession reconnected = client.secondConnection();
        SubscribeResult resumed = subscribe(reconnected, 2, first.getEpoch());
        assertThat(resumed.getRecovered()).isTrue();
        stream.send(pro, send("live", "live"));
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            seqs.add(nextEvent(reconnected).getSeq());
        }
        List<Long> expected = new ArrayList<>();
        for (long s = 3; s <= 33; s++) {
            expected.add(s);
        }
        assertThat(seqs).isEqualTo(expected);
    }

    @Test
    void wrongEpochOrPurgedHistoryTellsTheClientToReload() {
        SubscribeResult stale = subscribe(client, 2, "another-epoch");
        assertThat(stale.getRecovered()).isFalse();
        assertThat(nextEvent(client).getSeq()).as("full replay from the oldest retained").isEqualTo(1);

        service.end(chat.id(), EndReason.ENDED_BY_PROFESSIONAL, fx.clock().instant());
        fx.clock().advance(java.time.Duration.ofMinutes(1));
        assertThat(fx.store().conversations().purgeDue(fx.clock().instant())).contains(chat.id());
        RecordingSession later = client.secondConnection();
        SubscribeResult afterPurge = subscribe(later, 1, chat.epoch());
        assertThat(afterPurge.getRecovered()).isFalse();
        assertThat(afterPurge.getFirstSeq()).isZero();
    }

    @Test
    void onlyActiveParticipantsOfTheSameOrganisationMayReadOrWrite() {
        RecordingSession stranger = RecordingSession.client(org);
        assertCode(() -> subscribe(stranger, 0, ""), ErrorCode.FORBIDDEN);
        assertCode(() -> stream.send(stranger, send("x", "hoi")), ErrorCode.FORBIDDEN);

        String otherOrg = fx.organisation("ander");
        RecordingSession outsider = RecordingSession.staff(UUID.randomUUID().toString(), otherOrg, "Bea",
                Role.PROFESSIONAL, Role.SUPERVISOR, Role.ORG_ADMIN);
        assertCode(() -> subscribe(outsider, 0, ""), ErrorCode.NOT_FOUND);
        assertCode(() -> stream.history(outsider, GetHistory.newBuilder().setConversationId(chat.id()).build()),
                ErrorCode.NOT_FOUND);

        service.leave(chat.id(), pro.principal().id(), LeaveReason.HANDED_OVER);
        assertCode(() -> stream.send(pro, send("y", "nog iets")), ErrorCode.FORBIDDEN);
    }

    @Test
    void supervisorsReadAlongButCannotWrite() {
        RecordingSession senior = RecordingSession.staff(UUID.randomUUID().toString(), org, "Chris",
                Role.PROFESSIONAL, Role.SUPERVISOR);
        service.join(chat.id(), senior.principal().id(), ParticipantRole.SUPERVISOR, "Chris");
        subscribe(senior, 0, "");
        assertCode(() -> stream.send(senior, send("s1", "meekijken")), ErrorCode.FORBIDDEN);
        assertThat(fx.store().audit().list(org, Instant.EPOCH, fx.clock().instant().plusSeconds(60))).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("conversation.read");
            assertThat(e.actorId()).isEqualTo(senior.principal().id());
            assertThat(e.targetId()).isEqualTo(chat.id());
        });
    }

    @Test
    void someoneWhoLeftAndCameBackIsShownPresentAgain() {
        subscribe(client, 2, chat.epoch());
        RecordingSession senior = RecordingSession.staff(UUID.randomUUID().toString(), org, "Chris",
                Role.PROFESSIONAL, Role.SUPERVISOR);
        fx.hub().sessions().add(senior);
        fx.hub().connectionOpened(senior);
        String seniorId = service.join(chat.id(), senior.principal().id(), ParticipantRole.SUPERVISOR, "Chris")
                .participantId();
        subscribe(senior, 0, "");
        assertThat(presenceOf(seniorId)).isTrue();

        service.leave(chat.id(), senior.principal().id(), LeaveReason.LEFT_VOLUNTARILY);
        assertThat(presenceOf(seniorId)).isFalse();

        service.join(chat.id(), senior.principal().id(), ParticipantRole.SUPERVISOR, "Chris");
        subscribe(senior, 0, "");
        assertThat(presenceOf(seniorId)).as("re-joined keeps its participant id and is present again").isTrue();
    }

    @Test
    void aParticipantBroughtBackReplaysPastItsOwnEarlierLeftAndStaysLive() {
        SubscribeResult before = subscribe(pro, 0, "");
        assertThat(before.getMemberSinceSeq()).isEqualTo(1);
        service.leave(chat.id(), pro.principal().id(), LeaveReason.HANDED_OVER);
        stream.send(client, send("c1", "ben je er nog?"));
        service.join(chat.id(), pro.principal().id(), ParticipantRole.PROFESSIONAL, "Anna");

        RecordingSession again = pro.secondConnection();
        SubscribeResult result = subscribe(again, 0, "");
        assertThat(result.getMemberSinceSeq()).as("last seq when brought back").isEqualTo(4);
        List<ConversationEvent> replay = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replay.add(nextEvent(again));
        }
        assertThat(replay).extracting(ConversationEvent::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(replay.get(2).getLeft().getLeaveReason()).isEqualTo(LeaveReason.HANDED_OVER);

        stream.send(client, send("c2", "fijn"));
        assertThat(nextEvent(again).getText().getText()).as("live after the replay").isEqualTo("fijn");

        // Their departure from this membership ends the stream again.
        service.leave(chat.id(), pro.principal().id(), LeaveReason.HANDED_OVER);
        assertThat(nextEvent(again).getLeft().getParticipantId()).isEqualTo(result.getYourParticipantId());
        assertThat(fx.hub().isSubscribed(again, chat.id())).isFalse();
    }

    private boolean presenceOf(String participantId) {
        return client.next(m -> m.hasPresence() && m.getPresence().getParticipantId().equals(participantId))
                .getPresence().getPresent();
    }

    @Test
    void messagesToAnEndedConversationAreRefusedAndTooLongTextIsTooLarge() {
        assertCode(() -> stream.send(pro, send("big", "x".repeat(4001))), ErrorCode.TOO_LARGE);
        assertCode(() -> stream.send(pro, send("", "geen id")), ErrorCode.INVALID_ARGUMENT);
        service.end(chat.id(), EndReason.ENDED_BY_CLIENT, null);
        assertCode(() -> stream.send(pro, send("late", "te laat")), ErrorCode.CONFLICT);
    }

    @Test
    void aRetryAfterTheChatEndedIsStillAcknowledgedAsTheStoredMessage() {
        MessageAck first = stream.send(client, send("lost-ack", "Was dit aangekomen?"));
        service.end(chat.id(), EndReason.ENDED_BY_PROFESSIONAL, null);
        // The client lost the ack (connection dropped) and retries after the professional ended the chat.
        MessageAck retry = stream.send(client, send("lost-ack", "Was dit aangekomen?"));
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getSeq()).isEqualTo(first.getSeq());
        assertThat(retry.getSentAt()).isEqualTo(first.getSentAt());
        assertCode(() -> stream.send(client, send("new-after-end", "Nog iets")), ErrorCode.CONFLICT);
    }

    @Test
    void listenersHearWhenContentLeavesTheStoreAndOnlyThen() {
        List<String> heard = new ArrayList<>();
        service.afterContentDeleted(() -> heard.add("deleted"));
        MessageAck message = stream.send(client, send("m-del", "Weg ermee"));
        service.end(chat.id(), EndReason.ENDED_BY_CLIENT, null);
        assertThat(heard).as("ending keeps the content").isEmpty();

        assertThat(service.purgeBefore(chat.id(), Instant.EPOCH)).isZero();
        assertThat(heard).as("a purge that deleted nothing").isEmpty();

        ConversationEvent stored = service.eventsAfter(chat.id(), message.getSeq() - 1, 1).get(0);
        assertThat(service.replaceStored(stored.toBuilder().clearText().build())).isTrue();
        assertThat(heard).containsExactly("deleted");

        service.delete(chat.id(), EndReason.ENDED_BY_CLIENT);
        assertThat(heard).containsExactly("deleted", "deleted");
    }

    @Test
    void typingAndReceiptsReachTheOtherSideAndReceiptsNeverGoBack() {
        subscribe(pro, 2, chat.epoch());
        MessageAck ack = stream.send(client, send("c1", "Ik heb een vraag"));
        nextEvent(pro);
        stream.typing(client, Typing.newBuilder().setConversationId(chat.id()).setTyping(true).build());
        ServerMessage typing = pro.next(ServerMessage::hasTyping);
        assertThat(typing.getTyping().getTyping()).isTrue();
        assertThat(typing.getTyping().getDisplayName()).isEqualTo("Sam");

        subscribe(client, ack.getSeq(), chat.epoch());
        stream.receipt(pro, SendReceipt.newBuilder().setConversationId(chat.id()).setKind(ReceiptKind.READ)
                .setUpToSeq(ack.getSeq()).build());
        ServerMessage read = client.next(ServerMessage::hasReceipt);
        assertThat(read.getReceipt().getUpToSeq()).isEqualTo(ack.getSeq());
        stream.receipt(pro, SendReceipt.newBuilder().setConversationId(chat.id()).setKind(ReceiptKind.READ)
                .setUpToSeq(1).build());
        assertThat(client.next(ServerMessage::hasReceipt).getReceipt().getUpToSeq()).isEqualTo(ack.getSeq());
    }

    @Test
    void historyPagesBackwards() {
        for (int i = 1; i <= 7; i++) {
            stream.send(client, send("h" + i, "regel " + i));
        }
        History latest = stream.history(client, GetHistory.newBuilder().setConversationId(chat.id()).setLimit(4).build());
        assertThat(latest.getEventsList()).extracting(ConversationEvent::getSeq).containsExactly(6L, 7L, 8L, 9L);
        assertThat(latest.getHasMore()).isTrue();
        History older = stream.history(client, GetHistory.newBuilder().setConversationId(chat.id()).setLimit(10)
                .setBeforeSeq(6).build());
        assertThat(older.getEventsList()).extracting(ConversationEvent::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(older.getHasMore()).isFalse();
    }

    private SubscribeResult subscribe(RecordingSession session, long since, String epoch) {
        stream.subscribe(session, "sub", Subscribe.newBuilder().setConversationId(chat.id()).setSinceSeq(since)
                .setEpoch(epoch).build());
        ServerMessage m = session.next(ServerMessage::hasSubscribeResult);
        assertThat(m.getRequestId()).isEqualTo("sub");
        return m.getSubscribeResult();
    }

    private SendMessage send(String clientMsgId, String text) {
        return SendMessage.newBuilder().setConversationId(chat.id()).setClientMsgId(clientMsgId).setText(text).build();
    }

    private static ConversationEvent nextEvent(RecordingSession session) {
        return session.next(ServerMessage::hasEvent).getEvent();
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RequestException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
