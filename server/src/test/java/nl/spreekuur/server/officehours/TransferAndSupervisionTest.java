package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.officehours.OfficeHourWorld.event;
import static nl.spreekuur.server.officehours.OfficeHourWorld.mentioning;
import static nl.spreekuur.server.officehours.OfficeHourWorld.status;
import static nl.spreekuur.server.officehours.OfficeHourWorld.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.InternalNote;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueItem;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.StopSupervising;
import nl.spreekuur.protocol.v1.WatchQueue;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Handing a chat to a colleague or back to the queue, and a supervisor reading along. */
class TransferAndSupervisionTest {
    private static final String NOTE = "Let op: schuldhulp loopt al";

    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");
    private final RecordingSession bram = world.professional("Bram");
    private final RecordingSession sam = world.client();
    private OfficeHour oh;

    @BeforeEach
    void setUp() {
        oh = world.servedBy("overdracht", anna, bram);
    }

    @Test
    void aColleagueTakesOverWithTheNoteTheClientNeverSees() {
        String chat = samInChatWithAnna();
        world.fx.ok(anna, Requests.send(chat, "a1", "Ik vraag even een collega"));

        world.fx.ok(anna, Requests.transfer(chat, bram.principal().id(), NOTE));

        ChatAssigned assigned = bram.take(m -> m.hasChatAssigned()).getChatAssigned();
        assertThat(assigned.getConversationId()).isEqualTo(chat);
        assertThat(assigned.getViaTransfer()).isTrue();
        assertThat(assigned.getNotesList()).extracting(InternalNote::getAuthorName, InternalNote::getText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Anna", NOTE));
        ConversationEvent transferred = event(sam, ConversationEvent::hasTransferred);
        assertThat(transferred.getTransferred().getToDisplayName()).isEqualTo("Bram");
        assertThat(transferred.getTransferred().getBackToQueue()).isFalse();
        assertThat(event(sam, e -> e.hasJoined() && e.getJoined().getParticipant().getDisplayName().equals("Bram"))
                .getJoined().getParticipant().getRole()).isEqualTo(ParticipantRole.PROFESSIONAL);
        assertThat(event(sam, e -> e.hasLeft()).getLeft().getDisplayName()).isEqualTo("Anna");

        world.subscribe(bram, chat);
        assertThat(event(bram, ConversationEvent::hasText).getText().getText()).isEqualTo("Ik vraag even een collega");
        world.fx.ok(bram, Requests.send(chat, "b1", "Hoi Sam, ik ben Bram"));
        assertThat(event(sam, e -> e.getClientMsgId().equals("b1")).getSenderName()).isEqualTo("Bram");

        assertThat(world.fx.hub().isSubscribed(anna, chat)).isFalse();
        world.fx.error(anna, Requests.send(chat, "a2", "Nog iets"), ErrorCode.FORBIDDEN);
        world.fx.error(anna, Requests.subscribe(chat), ErrorCode.FORBIDDEN);
        world.fx.error(anna, ClientMessage.newBuilder().setGetHistory(GetHistory.newBuilder().setConversationId(chat)),
                ErrorCode.FORBIDDEN);
        world.fx.error(anna, Requests.end(chat), ErrorCode.FORBIDDEN);
        assertThat(mentioning(sam, "schuldhulp")).isEmpty();
        assertThat(world.fx.store().queue().byConversation(chat).orElseThrow().claimedBy())
                .isEqualTo(bram.principal().id());
        assertThat(world.auditLog())
                .anySatisfy(e -> assertAudit(e, "conversation.transfer", anna, chat));
    }

    @Test
    void aChatBackToTheQueueKeepsItsOriginalPlace() {
        String chat = samInChatWithAnna();
        world.fx.clock().advance(Duration.ofMinutes(1));
        RecordingSession kim = world.client();
        world.join(kim, oh, "Kim", "");
        world.fx.clock().advance(Duration.ofMinutes(1));
        world.join(world.client(), oh, "Lou", "");

        world.fx.ok(anna, Requests.transfer(chat, "", NOTE));

        QueueStatus back = status(sam, s -> s.getState() == QueueState.WAITING);
        assertThat(back.getPosition()).as("Sam joined before Kim and Lou").isEqualTo(1);
        assertThat(back.getConversationId()).isEqualTo(chat);
        assertThat(status(kim, s -> s.getPosition() == 2)).isNotNull();
        assertThat(event(sam, ConversationEvent::hasTransferred).getTransferred().getBackToQueue()).isTrue();
        QueueItem first = view(bram, v -> v.getWaitingCount() == 3 && v.getWaiting(0).getReturnedByTransfer())
                .getWaiting(0);
        assertThat(first.getNickname()).isEqualTo("Sam");

        ChatAssigned again = world.claimNext(bram, oh);
        assertThat(again.getConversationId()).isEqualTo(chat);
        assertThat(again.getViaTransfer()).isTrue();
        assertThat(again.getNotesList()).extracting(InternalNote::getText).containsExactly(NOTE);
        assertThat(status(sam, s -> s.getState() == QueueState.IN_CHAT)).isNotNull();
        world.fx.error(anna, Requests.send(chat, "a3", "Nog iets"), ErrorCode.FORBIDDEN);
        assertThat(mentioning(sam, "schuldhulp")).isEmpty();
    }

    @Test
    void onlyTheHolderTransfersAndOnlyToAColleagueOnDuty() {
        String chat = samInChatWithAnna();
        RecordingSession carla = world.professional("Carla");
        world.fx.error(bram, Requests.transfer(chat, bram.principal().id(), ""), ErrorCode.FORBIDDEN);
        world.fx.error(anna, Requests.transfer(chat, carla.principal().id(), ""), ErrorCode.CONFLICT);
        world.fx.error(anna, Requests.transfer(chat, anna.principal().id(), ""), ErrorCode.INVALID_ARGUMENT);
        world.fx.error(anna, Requests.transfer(chat, "no-such-account", ""), ErrorCode.NOT_FOUND);
        world.fx.error(anna, Requests.transfer(chat, bram.principal().id(), "x".repeat(2001)), ErrorCode.TOO_LARGE);
        world.fx.ok(anna, Requests.end(chat));
        world.fx.error(anna, Requests.transfer(chat, bram.principal().id(), ""), ErrorCode.CONFLICT);
    }

    @Test
    void aSupervisorReadsAlongVisiblyAuditedAndCannotWrite() {
        String chat = samInChatWithAnna();
        RecordingSession chris = world.supervisor("Chris");
        world.fx.error(bram, Requests.supervise(chat), ErrorCode.FORBIDDEN);
        world.fx.ok(chris, ClientMessage.newBuilder().setWatchQueue(WatchQueue.newBuilder()
                .setOfficeHourId(oh.getId()).setWatch(true)));
        assertThat(view(chris, v -> v.getChatsCount() == 1).getChats(0).getProfessionalName()).isEqualTo("Anna");

        world.fx.ok(chris, Requests.supervise(chat));

        ConversationEvent joined = event(sam, e -> e.hasJoined()
                && e.getJoined().getParticipant().getRole() == ParticipantRole.SUPERVISOR);
        assertThat(joined.getJoined().getParticipant().getDisplayName()).isEqualTo("Chris");
        assertThat(view(anna, v -> v.getChatsCount() == 1 && v.getChats(0).getSupervisorNamesCount() == 1)
                .getChats(0).getSupervisorNames(0)).isEqualTo("Chris");
        world.subscribe(chris, chat);
        world.fx.error(chris, Requests.send(chat, "c1", "Meelezen"), ErrorCode.FORBIDDEN);
        world.fx.error(chris, Requests.end(chat), ErrorCode.FORBIDDEN);
        assertThat(world.auditLog())
                .anySatisfy(e -> assertAudit(e, "conversation.supervise", chris, chat));

        world.fx.ok(chris, ClientMessage.newBuilder().setStopSupervising(StopSupervising.newBuilder()
                .setConversationId(chat)));
        assertThat(event(sam, ConversationEvent::hasLeft).getLeft().getRole()).isEqualTo(ParticipantRole.SUPERVISOR);
        world.fx.error(chris, Requests.subscribe(chat), ErrorCode.FORBIDDEN);
    }

    /** Sam queued, picked up by Anna; both are subscribed to the chat. */
    private String samInChatWithAnna() {
        world.join(sam, oh, "Sam", "");
        String chat = world.claimNext(anna, oh).getConversationId();
        // Pushes tell what changed since the client was last told: without this wait, a slow refresh could fold
        // the pick-up and a hand-back into one WAITING that equals what Sam already has, and nothing is pushed.
        status(sam, s -> s.getState() == QueueState.IN_CHAT);
        world.subscribe(sam, chat);
        world.subscribe(anna, chat);
        return chat;
    }

    private static void assertAudit(AuditLog.Entry entry, String action, RecordingSession actor, String chat) {
        assertThat(entry.action()).isEqualTo(action);
        assertThat(entry.actorId()).isEqualTo(actor.principal().id());
        assertThat(entry.targetId()).isEqualTo(chat);
    }
}
