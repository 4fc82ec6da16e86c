package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.officehours.OfficeHourWorld.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.DailyStatistics;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.LocalSessions;
import nl.spreekuur.server.testsupport.RecordingSession;
import nl.spreekuur.server.auth.InMemoryTokenRevocations;
import nl.spreekuur.server.session.SessionRevocations;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Snel weg", and what is left of a chat afterwards: nothing without consent, a transcript for a while with it. */
class QuickExitAndRetentionTest {
    private static final Duration NO_CONSENT_GRACE = OfficeHoursSettings.DEFAULT_NO_CONSENT_GRACE;

    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");
    private OfficeHour oh;

    @BeforeEach
    void setUp() {
        oh = world.servedBy(OfficeHourWorld.mondayDraft("snel-weg").setRetentionDays(30), anna);
    }

    @Test
    void quickExitEndsTheChatDistinctlyRevokesTheTokenAndIsCounted() {
        RecordingSession sam = world.client();
        RecordingSession otherTab = world.connected(sam.secondConnection());
        QueueStatus waiting = world.join(sam, oh, "Sam", "");
        String chat = world.claimNext(anna, oh).getConversationId();
        world.subscribe(anna, chat);

        assertThat(world.fx.ok(sam, Requests.quickExit()).hasAck()).isTrue();

        assertThat(event(anna, ConversationEvent::hasEnded).getEnded().getReason()).isEqualTo(EndReason.QUICK_EXIT);
        assertThat(sam.isOpen()).isFalse();
        assertThat(sam.closeCode()).isEqualTo(CloseCodes.NORMAL);
        assertThat(otherTab.isOpen()).isFalse();
        assertThat(world.fx.store().sessions().byId(sam.principal().sessionId()).orElseThrow().revokedAt())
                .isNotNull();
        assertThat(world.fx.store().queue().byId(waiting.getQueueEntryId()).orElseThrow().state())
                .isEqualTo(QueueState.FINISHED);
        assertThat(today().getQuickExits()).isEqualTo(1);
        assertThat(today().getClientsServed()).isEqualTo(1);
    }

    @Test
    void quickExitClosesTheTokensSocketsOnOtherNodesToo() {
        // Another node on the same store and broker, where Sam has a second tab open.
        LocalSessions otherNode = new LocalSessions();
        SessionRevocations otherNodesRevocations = new SessionRevocations(world.fx.store(), world.fx.broker(),
                otherNode, new InMemoryTokenRevocations(world.fx.clock()), Duration.ofDays(1), world.fx.clock());
        world.fx.broker().start((channel, payload) -> {
            if (channel.equals(SessionRevocations.CONTROL_CHANNEL)) {
                otherNodesRevocations.onControlMessage(payload);
            }
        });
        world.fx.broker().subscribe(SessionRevocations.CONTROL_CHANNEL);
        RecordingSession sam = world.client();
        RecordingSession tabOnOtherNode = sam.secondConnection();
        otherNode.add(tabOnOtherNode);
        world.join(sam, oh, "Sam", "");

        assertThat(world.fx.ok(sam, Requests.quickExit()).hasAck()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> !tabOnOtherNode.isOpen());
        assertThat(tabOnOtherNode.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        assertThat(sam.closeCode()).as("this node's socket keeps its quick-exit close").isEqualTo(CloseCodes.NORMAL);
    }

    @Test
    void quickExitWhileWaitingGivesUpThePlace() {
        RecordingSession sam = world.client();
        QueueStatus waiting = world.join(sam, oh, "Sam", "");

        world.fx.ok(sam, Requests.quickExit());

        assertThat(world.fx.store().queue().byId(waiting.getQueueEntryId()).orElseThrow().state())
                .isEqualTo(QueueState.LEFT);
        assertThat(world.fx.store().queue().waiting(oh.getId())).isEmpty();
        DailyStatistics today = today();
        assertThat(today.getQuickExits()).isEqualTo(1);
        assertThat(today.getAbandonedWhileWaiting()).isEqualTo(1);
        world.fx.error(anna, Requests.quickExit(), ErrorCode.FORBIDDEN);
    }

    @Test
    void withoutConsentTheTranscriptAndNotesAreGoneShortlyAfterTheEnd() {
        RecordingSession bram = world.professional("Bram");
        world.fx.ok(world.admin, Requests.save(oh.toBuilder().addProfessionalIds(bram.principal().id()).build()));
        world.onDuty(bram, oh);
        RecordingSession sam = world.client();
        String chat = world.join(sam, oh, "Sam", "").getConversationId();
        world.claimNext(anna, oh);
        world.fx.ok(sam, Requests.send(chat, "s1", "Mijn verhaal"));
        world.fx.ok(anna, Requests.addNote(chat, "Notitie tijdens het gesprek"));
        world.fx.ok(anna, Requests.transfer(chat, bram.principal().id(), "Interne notitie"));
        world.fx.ok(bram, Requests.end(chat));

        world.fx.advanceAndRunJobs(NO_CONSENT_GRACE.minusMinutes(1));
        assertThat(storedEvents(chat)).isNotEmpty();
        assertThat(world.fx.store().internalNotes().of(chat)).hasSize(2);

        world.fx.advanceAndRunJobs(Duration.ofMinutes(2));
        assertThat(storedEvents(chat)).isEmpty();
        assertThat(world.fx.store().internalNotes().of(chat)).isEmpty();
        SubscribeResult afterPurge = world.subscribe(bram, chat);
        assertThat(afterPurge.getFirstSeq()).isZero();
        assertThat(afterPurge.getParticipantsList()).noneMatch(p -> p.getDisplayName().equals("Sam"));
        assertThat(world.fx.store().queue().byConversation(chat)).isPresent();

        world.fx.advanceAndRunJobs(OfficeHoursSettings.DEFAULT_ENDED_QUEUE_ENTRY_RETENTION);
        assertThat(world.fx.store().queue().byConversation(chat)).as("nickname and first question are gone too")
                .isEmpty();
    }

    @Test
    void withConsentTheTranscriptIsKeptForTheRetentionDaysThenPurged() {
        RecordingSession sam = world.client();
        String chat = world.join(sam, oh, "Sam", "").getConversationId();
        world.claimNext(anna, oh);
        world.subscribe(anna, chat);
        world.fx.ok(sam, Requests.consent(chat, true));
        assertThat(event(anna, ConversationEvent::hasConsent).getConsent().getConsent()).isTrue();
        world.fx.ok(sam, Requests.send(chat, "s1", "Mag bewaard worden"));
        world.fx.ok(anna, Requests.end(chat));

        world.fx.advanceAndRunJobs(NO_CONSENT_GRACE.plusMinutes(1));
        assertThat(storedEvents(chat)).extracting(e -> e.getText().getText()).contains("Mag bewaard worden");
        world.fx.advanceAndRunJobs(Duration.ofDays(30).minus(NO_CONSENT_GRACE).minusMinutes(2));
        assertThat(storedEvents(chat)).isNotEmpty();

        world.fx.advanceAndRunJobs(Duration.ofMinutes(2));
        assertThat(storedEvents(chat)).isEmpty();
    }

    @Test
    void theConsentDefaultOfTheOfficeHourIsUsedWhenTheClientAsksForIt() {
        OfficeHour keeping = world.servedBy(OfficeHourWorld.mondayDraft("bewaren").setTranscriptConsentDefault(true),
                anna);
        RecordingSession sam = world.client();
        QueueStatus waiting = world.fx.ok(sam, Requests.joinWithConsentDefault(keeping.getId(), "Sam"))
                .getJoinQueueResult().getStatus();
        assertThat(waiting.getTranscriptConsent()).isTrue();
        QueueStatus own = world.fx.ok(world.client(), Requests.joinWithConsent(keeping.getId(), "Kim", false))
                .getJoinQueueResult().getStatus();
        assertThat(own.getTranscriptConsent()).isFalse();
    }

    private List<ConversationEvent> storedEvents(String chat) {
        return world.fx.store().conversations().eventsAfter(chat, 0, 100);
    }

    private DailyStatistics today() {
        RecordingSession chris = world.connected(world.fx.staff(world.org, "Chris", Role.SUPERVISOR));
        return world.fx.ok(chris, Requests.statistics(oh.getId(), OfficeHourWorld.MONDAY, OfficeHourWorld.MONDAY)).getStatistics()
                .getDays(0);
    }
}
