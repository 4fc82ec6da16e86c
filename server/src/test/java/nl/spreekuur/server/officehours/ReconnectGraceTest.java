package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.officehours.OfficeHourWorld.event;
import static nl.spreekuur.server.officehours.OfficeHourWorld.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client whose connection drops keeps their place or chat for the reconnect grace period (120 s by default). */
class ReconnectGraceTest {
    private static final Duration GRACE = Duration.ofSeconds(OfficeHourValidator.DEFAULT_RECONNECT_GRACE_SECONDS);

    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");
    private OfficeHour oh;

    @BeforeEach
    void setUp() {
        oh = world.servedBy("grace", anna);
    }

    @Test
    void aClientWhoReconnectsWithinTheGraceKeepsTheirPlace() {
        world.join(world.client(), oh, "Eerste", "");
        world.fx.clock().advance(Duration.ofSeconds(10));
        RecordingSession sam = world.client();
        QueueStatus waiting = world.join(sam, oh, "Sam", "");
        assertThat(waiting.getPosition()).isEqualTo(2);

        Instant droppedAt = world.fx.clock().instant();
        world.fx.disconnect(sam);
        assertThat(entry(waiting).disconnectedAt()).isEqualTo(droppedAt);
        assertThat(view(anna, v -> v.getWaitingCount() == 2 && !v.getWaiting(1).getConnected())).isNotNull();
        world.fx.advanceAndRunJobs(GRACE.minusSeconds(1));
        assertThat(entry(waiting).state()).isEqualTo(QueueState.WAITING);

        RecordingSession back = sam.secondConnection();
        HelloOk hello = world.fx.connect(back);
        assertThat(hello.getActiveList()).extracting(ActiveItem::getQueueEntryId)
                .containsExactly(waiting.getQueueEntryId());
        assertThat(entry(waiting).disconnectedAt()).isNull();
        QueueStatus resumed = OfficeHourWorld.status(back, s -> true);
        assertThat(resumed.getQueueEntryId()).isEqualTo(waiting.getQueueEntryId());
        assertThat(resumed.getPosition()).as("the place is kept").isEqualTo(2);
        assertThat(view(anna, v -> v.getWaitingCount() == 2 && v.getWaiting(1).getConnected())).isNotNull();

        world.fx.advanceAndRunJobs(GRACE.multipliedBy(2));
        assertThat(entry(waiting).state()).isEqualTo(QueueState.WAITING);
    }

    @Test
    void closingOneOfTwoConnectionsStartsNoGrace() {
        RecordingSession sam = world.client();
        RecordingSession otherTab = world.connected(sam.secondConnection());
        QueueStatus waiting = world.join(sam, oh, "Sam", "");

        world.fx.disconnect(sam);
        assertThat(entry(waiting).disconnectedAt()).isNull();
        world.fx.advanceAndRunJobs(GRACE.multipliedBy(2));
        assertThat(entry(waiting).state()).isEqualTo(QueueState.WAITING);
        world.claimNext(anna, oh);
        assertThat(OfficeHourWorld.status(otherTab, s -> s.getState() == QueueState.IN_CHAT)).isNotNull();
    }

    @Test
    void theGraceStartsWithTheLastConnectionAlsoWhenItOpenedAfterTheJoin() {
        RecordingSession sam = world.client();
        QueueStatus waiting = world.join(sam, oh, "Sam", "");
        RecordingSession laterTab = world.connected(sam.secondConnection());

        world.fx.disconnect(sam);
        assertThat(entry(waiting).disconnectedAt()).as("the later tab holds the place").isNull();
        world.fx.clock().advance(Duration.ofSeconds(5));
        Instant goneAt = world.fx.clock().instant();
        world.fx.disconnect(laterTab);
        assertThat(entry(waiting).disconnectedAt()).isEqualTo(goneAt);
    }

    @Test
    void aClosedConnectionGivesBackItsPresenceAlsoInAPlaceThatEndedMeanwhile() {
        RecordingSession sam = world.client();
        QueueStatus waiting = world.join(sam, oh, "Sam", "");
        String place = "queue:" + waiting.getQueueEntryId();
        assertThat(world.fx.presence().isPresent(place, sam.principal().id())).isTrue();
        world.fx.ok(sam, Requests.leave(waiting.getQueueEntryId()));

        world.fx.disconnect(sam);
        assertThat(world.fx.presence().isPresent(place, sam.principal().id())).isFalse();
        assertThat(entry(waiting).disconnectedAt()).as("a place that ended starts no grace").isNull();
    }

    @Test
    void aWaitingClientGoneLongerThanTheGraceLosesTheirPlace() {
        RecordingSession sam = world.client();
        QueueStatus waiting = world.join(sam, oh, "Sam", "");
        world.fx.disconnect(sam);

        world.fx.advanceAndRunJobs(GRACE.plusSeconds(1));

        assertThat(entry(waiting).state()).isEqualTo(QueueState.EXPIRED);
        assertThat(view(anna, v -> v.getWaitingCount() == 0)).isNotNull();
        HelloOk tooLate = world.fx.connect(sam.secondConnection());
        assertThat(tooLate.getActiveList()).isEmpty();
    }

    @Test
    void aChatEndsWhenTheClientStaysAwayAndTheProfessionalSeesWhy() {
        RecordingSession sam = world.client();
        QueueStatus waiting = world.join(sam, oh, "Sam", "");
        String chat = world.claimNext(anna, oh).getConversationId();
        world.subscribe(anna, chat);
        world.fx.disconnect(sam);

        world.fx.advanceAndRunJobs(GRACE.minusSeconds(1));
        assertThat(entry(waiting).state()).isEqualTo(QueueState.IN_CHAT);
        world.fx.advanceAndRunJobs(Duration.ofSeconds(2));

        ConversationEvent ended = event(anna, ConversationEvent::hasEnded);
        assertThat(ended.getEnded().getReason()).isEqualTo(EndReason.CLIENT_GONE);
        assertThat(entry(waiting).state()).isEqualTo(QueueState.FINISHED);
        assertThat(view(anna, v -> v.getChatsCount() == 0)).isNotNull();
    }

    @Test
    void aProfessionalWhoReconnectsIsStillOnDutyWithTheirChats() {
        world.join(world.client(), oh, "Sam", "");
        String chat = world.claimNext(anna, oh).getConversationId();
        world.fx.disconnect(anna);

        RecordingSession again = anna.secondConnection();
        HelloOk hello = world.fx.connect(again);

        assertThat(hello.getOnDutyOfficeHourIdsList()).containsExactly(oh.getId());
        assertThat(hello.getActiveList()).extracting(ActiveItem::getConversationId).containsExactly(chat);
        assertThat(hello.getActive(0).getQueueState()).isEqualTo(QueueState.IN_CHAT);
        assertThat(view(again, v -> v.getChatsCount() == 1)).isNotNull();
        world.fx.advanceAndRunJobs(OfficeHoursSettings.DEFAULT_STAFF_OFF_DUTY_GRACE.plusMinutes(1));
        assertThat(world.fx.store().officeHours().onDuty(oh.getId())).hasSize(1);
    }

    @Test
    void aProfessionalWhoVanishesIsTakenOffDutyAfterTheStaffGrace() {
        RecordingSession sam = world.client();
        world.join(sam, oh, "Sam", "");
        world.fx.disconnect(anna);

        world.fx.advanceAndRunJobs(OfficeHoursSettings.DEFAULT_STAFF_OFF_DUTY_GRACE.minusSeconds(1));
        assertThat(world.fx.store().officeHours().onDuty(oh.getId())).hasSize(1);
        world.fx.advanceAndRunJobs(Duration.ofSeconds(2));

        assertThat(world.fx.store().officeHours().onDuty(oh.getId())).isEmpty();
        QueueStatus told = OfficeHourWorld.status(sam, QueueStatus::getMayNotBeServed);
        assertThat(told.getEstimatedWaitSeconds()).isEqualTo(-1);
    }

    private Queue.Entry entry(QueueStatus status) {
        return world.fx.store().queue().byId(status.getQueueEntryId()).orElseThrow();
    }
}
