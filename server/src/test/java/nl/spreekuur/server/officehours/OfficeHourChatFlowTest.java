package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.officehours.OfficeHourWorld.event;
import static nl.spreekuur.server.officehours.OfficeHourWorld.status;
import static nl.spreekuur.server.officehours.OfficeHourWorld.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueItem;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.QueueView;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** From joining the queue to the end of the chat, through the router as connections would drive it. */
class OfficeHourChatFlowTest {

    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");

    @Test
    void aClientIsQueuedPickedUpChatsAndTheChatIsEndedByEitherSide() {
        // One chat at a time, so the estimates move visibly: pick-up 1 min, chats 15 min (the seed).
        OfficeHour oh = world.servedBy(OfficeHourWorld.mondayDraft("flow").setMaxChatsPerProfessional(1), anna);
        assertThat(view(anna, v -> v.getOnDutyCount() == 1).getWaitingCount()).isZero();

        RecordingSession sam = world.client();
        QueueStatus samWaiting = world.join(sam, oh, "Sam", "Ik heb schulden");
        assertThat(samWaiting.getState()).isEqualTo(QueueState.WAITING);
        assertThat(samWaiting.getPosition()).isEqualTo(1);
        assertThat(samWaiting.getEstimatedWaitSeconds()).isEqualTo(60);
        assertThat(samWaiting.getMayNotBeServed()).isFalse();
        assertThat(samWaiting.getClosesAt().getSeconds()).isEqualTo(OfficeHourWorld.MONDAY_CLOSING.getEpochSecond());
        QueueItem samInView = view(anna, v -> v.getWaitingCount() == 1).getWaiting(0);
        assertThat(samInView.getNickname()).isEqualTo("Sam");
        assertThat(samInView.getFirstQuestion()).isEqualTo("Ik heb schulden");
        assertThat(samInView.getConnected()).isTrue();

        world.fx.clock().advance(Duration.ofSeconds(30));
        RecordingSession kim = world.client();
        QueueStatus kimWaiting = world.join(kim, oh, "Kim", "");
        assertThat(kimWaiting.getPosition()).isEqualTo(2);
        assertThat(kimWaiting.getEstimatedWaitSeconds()).isEqualTo(60 + 15 * 60);

        // Typing while waiting: stored in the chat, which exists from joining on.
        String chat = samWaiting.getConversationId();
        world.subscribe(sam, chat);
        world.fx.ok(sam, Requests.typing(chat));
        MessageAck early = world.fx.ok(sam, Requests.send(chat, "s1", "Is daar iemand?")).getMessageAck();

        ChatAssigned assigned = world.claimNext(anna, oh);
        assertThat(assigned.getConversationId()).isEqualTo(chat);
        assertThat(assigned.getClientNickname()).isEqualTo("Sam");
        assertThat(assigned.getFirstQuestion()).isEqualTo("Ik heb schulden");
        assertThat(assigned.getViaTransfer()).isFalse();
        assertThat(status(sam, s -> s.getState() == QueueState.IN_CHAT).getConversationId()).isEqualTo(chat);
        ConversationEvent joined = event(sam, e -> e.hasJoined()
                && e.getJoined().getParticipant().getRole() == ParticipantRole.PROFESSIONAL);
        assertThat(joined.getJoined().getParticipant().getDisplayName()).isEqualTo("Anna");
        QueueStatus kimFirst = status(kim, s -> s.getPosition() == 1);
        assertThat(kimFirst.getEstimatedWaitSeconds()).as("Anna's only slot is busy").isEqualTo(60 + 15 * 60);
        // A view is read from several queries; one refreshed while a change is under way may mix before and
        // after (the next refresh follows the change), so the test awaits the settled view.
        QueueView busy = view(anna, v -> v.getChatsCount() == 1 && v.getWaitingCount() == 1
                && activeChats(v) == 1);
        assertThat(busy.getChats(0).getProfessionalName()).isEqualTo("Anna");

        world.subscribe(anna, chat);
        ConversationEvent waitingMessage = event(anna, ConversationEvent::hasText);
        assertThat(waitingMessage.getText().getText()).isEqualTo("Is daar iemand?");
        assertThat(waitingMessage.getSeq()).isEqualTo(early.getSeq());

        MessageAck hello = world.fx.ok(anna, Requests.send(chat, "a1", "Hoi Sam, vertel")).getMessageAck();
        assertThat(event(sam, e -> e.getSeq() == hello.getSeq()).getText())
                .isEqualTo(TextMessage.newBuilder().setText("Hoi Sam, vertel").build());
        world.fx.ok(sam, Requests.receipt(chat, ReceiptKind.DELIVERED, hello.getSeq()));
        world.fx.ok(sam, Requests.receipt(chat, ReceiptKind.READ, hello.getSeq()));
        ServerMessage read = anna.take(m -> m.hasReceipt() && m.getReceipt().getKind() == ReceiptKind.READ);
        assertThat(read.getReceipt().getUpToSeq()).isEqualTo(hello.getSeq());

        world.fx.ok(anna, Requests.end(chat));
        assertThat(event(sam, ConversationEvent::hasEnded).getEnded().getReason())
                .isEqualTo(EndReason.ENDED_BY_PROFESSIONAL);
        assertThat(status(sam, OfficeHourWorld::ended).getState()).isEqualTo(QueueState.FINISHED);
        world.fx.error(sam, Requests.send(chat, "s2", "Nog een vraag"), ErrorCode.CONFLICT);
        world.fx.error(anna, Requests.end(chat), ErrorCode.CONFLICT);

        // Kim's turn; this time the client ends and the professional sees why.
        String kimChat = world.claimNext(anna, oh).getConversationId();
        assertThat(status(kim, s -> s.getState() == QueueState.IN_CHAT).getConversationId()).isEqualTo(kimChat);
        world.subscribe(anna, kimChat);
        world.fx.ok(kim, Requests.end(kimChat));
        assertThat(event(anna, e -> e.hasEnded() && e.getConversationId().equals(kimChat)).getEnded().getReason())
                .isEqualTo(EndReason.ENDED_BY_CLIENT);
        assertThat(status(kim, OfficeHourWorld::ended).getState()).isEqualTo(QueueState.FINISHED);
        QueueView idle = view(anna, v -> v.getChatsCount() == 0 && v.getWaitingCount() == 0 && activeChats(v) == 0);
        assertThat(idle.getOnDuty(0).getMaxChats()).isEqualTo(oh.getMaxChatsPerProfessional());
    }

    /** The chats the view says the one professional on duty holds; -1 if nobody is on duty in it. */
    private static int activeChats(QueueView view) {
        return view.getOnDutyCount() == 1 ? view.getOnDuty(0).getActiveChats() : -1;
    }

    @Test
    void urgentClientsArePickedUpFirstThenTheLongestWaiting() {
        OfficeHour oh = world.servedBy("urgent", anna);
        QueueStatus first = world.join(world.client(), oh, "Eerste", "");
        world.fx.clock().advance(Duration.ofMinutes(1));
        QueueStatus second = world.join(world.client(), oh, "Tweede", "");
        world.fx.clock().advance(Duration.ofMinutes(1));
        RecordingSession third = world.client();
        QueueStatus thirdWaiting = world.join(third, oh, "Derde", "Het is dringend");
        assertThat(thirdWaiting.getPosition()).isEqualTo(3);

        world.fx.ok(anna, Requests.urgent(thirdWaiting.getQueueEntryId(), true));
        assertThat(status(third, s -> s.getPosition() == 1).getState()).isEqualTo(QueueState.WAITING);
        QueueView reordered = view(anna, v -> v.getWaitingCount() == 3 && v.getWaiting(0).getUrgent());
        assertThat(reordered.getWaitingList()).extracting(QueueItem::getNickname)
                .containsExactly("Derde", "Eerste", "Tweede");

        assertThat(world.claimNext(anna, oh).getQueueEntryId()).isEqualTo(thirdWaiting.getQueueEntryId());
        assertThat(world.claimNext(anna, oh).getQueueEntryId()).isEqualTo(first.getQueueEntryId());
        assertThat(world.claimNext(anna, oh).getQueueEntryId()).isEqualTo(second.getQueueEntryId());
    }

    @Test
    void claimingNeedsDutyRespectsTheMaximumAndNeverTakesAClientTwice() {
        RecordingSession bram = world.professional("Bram");
        OfficeHour oh = world.officeHour(OfficeHourWorld.mondayDraft("claims").setMaxChatsPerProfessional(1),
                anna, bram);
        world.onDuty(bram, oh);
        QueueStatus sam = world.join(world.client(), oh, "Sam", "");
        world.fx.clock().advance(Duration.ofSeconds(30));
        QueueStatus kim = world.join(world.client(), oh, "Kim", "");

        world.fx.error(anna, Requests.claimNext(oh.getId()), ErrorCode.FORBIDDEN);
        world.onDuty(anna, oh);
        assertThat(world.fx.ok(anna, Requests.claim(oh.getId(), kim.getQueueEntryId())).getChatAssigned()
                .getClientNickname()).isEqualTo("Kim");
        world.fx.error(bram, Requests.claim(oh.getId(), kim.getQueueEntryId()), ErrorCode.CONFLICT);
        world.fx.error(anna, Requests.claim(oh.getId(), sam.getQueueEntryId()), ErrorCode.LIMIT_REACHED);
        assertThat(world.claimNext(bram, oh).getQueueEntryId()).isEqualTo(sam.getQueueEntryId());
        world.fx.error(bram, Requests.claimNext(oh.getId()), ErrorCode.LIMIT_REACHED);
        world.fx.ok(bram, Requests.end(sam.getConversationId()));
        world.fx.error(bram, Requests.claimNext(oh.getId()), ErrorCode.NOT_FOUND);
    }

    @Test
    void aWaitingClientEditsTheFirstQuestionAndLeaves() {
        OfficeHour oh = world.servedBy("edit", anna);
        RecordingSession sam = world.client();
        QueueStatus waiting = world.join(sam, oh, "Sam", "Eerste versie");
        world.subscribe(sam, waiting.getConversationId());

        world.fx.ok(sam, Requests.updateFirstQuestion(waiting.getQueueEntryId(), "Tweede versie"));
        assertThat(view(anna, v -> v.getWaitingCount() == 1
                && v.getWaiting(0).getFirstQuestion().equals("Tweede versie"))).isNotNull();
        assertThat(status(sam, s -> s.getFirstQuestion().equals("Tweede versie")).getPosition()).isEqualTo(1);

        world.fx.ok(sam, Requests.leave(waiting.getQueueEntryId()));
        assertThat(status(sam, s -> s.getState() == QueueState.LEFT)).isNotNull();
        assertThat(event(sam, ConversationEvent::hasEnded).getEnded().getReason())
                .isEqualTo(EndReason.ENDED_BY_CLIENT);
        assertThat(view(anna, v -> v.getWaitingCount() == 0)).isNotNull();
        world.fx.error(sam, Requests.leave(waiting.getQueueEntryId()), ErrorCode.CONFLICT);
        world.fx.error(sam, Requests.updateFirstQuestion(waiting.getQueueEntryId(), "Te laat"), ErrorCode.CONFLICT);
    }
}
