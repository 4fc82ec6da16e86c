package nl.spreekuur.server.officehours.queue;

import static nl.spreekuur.protocol.v1.Weekday.MONDAY;
import static nl.spreekuur.protocol.v1.Weekday.TUESDAY;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.ams;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.schedule;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.server.schedule.Opening;
import nl.spreekuur.server.schedule.Schedule;
import org.junit.jupiter.api.Test;

// Monday 1 June 2026 09:00-17:00 and Tuesday 09:00-17:00; 15-minute chats; pick-up 1 minute; 5 minutes minimum chat.
class AdmissionTest {

    private static final Duration AVG = Duration.ofMinutes(15);
    private final Schedule schedule = schedule(slot(MONDAY, "09:00", "17:00"), slot(TUESDAY, "09:00", "17:00"));
    private final Admission admission = new Admission(new WaitEstimator(Duration.ofMinutes(1)), Duration.ofMinutes(5));
    private final Staffing oneBusy = Staffing.uniform(3, List.of(3));
    private final Staffing oneIdle = Staffing.uniform(3, List.of(0));
    private final Staffing twoWithFourFree = Staffing.uniform(3, List.of(1, 1));

    @Test
    void closedIsRefusedWithTheNextOpening() {
        AdmissionDecision early = admission.decide(schedule, ams("2026-06-01T08:00"), 0, oneIdle, AVG);
        assertThat(early.admitted()).isFalse();
        assertThat(early.refusal()).isEqualTo(AdmissionRefusal.OUTSIDE_OPENING_HOURS);
        assertThat(early.nextOpening()).contains(ams("2026-06-01T09:00"));
        assertThat(early.opening()).isEmpty();
        assertThat(early.estimatedWait()).isEmpty();

        assertThat(admission.decide(schedule, ams("2026-06-03T12:00"), 0, oneIdle, AVG).nextOpening())
                .as("Wednesday -> next Monday").contains(ams("2026-06-08T09:00"));
    }

    @Test
    void openWithNobodyOnDutyIsRefused() {
        AdmissionDecision decision = admission.decide(schedule, ams("2026-06-01T12:00"), 0, Staffing.NOBODY, AVG);
        assertThat(decision.refusal()).isEqualTo(AdmissionRefusal.NOBODY_ON_DUTY);
        assertThat(decision.estimatedWait()).isEmpty();
        assertThat(decision.opening()).isPresent();
    }

    @Test
    void tenMinutesBeforeClosingWithThreeWaitingAndOneBusyProfessionalIsRefused() {
        // Position 4, no free slot: 1 + 4 x 15/3 = 21 min; 16:50 + 21 + 5 > 17:00.
        AdmissionDecision decision = admission.decide(schedule, ams("2026-06-01T16:50"), 3, oneBusy, AVG);
        assertThat(decision.refusal()).isEqualTo(AdmissionRefusal.WAIT_PAST_CLOSING);
        assertThat(decision.estimatedWait()).contains(Duration.ofMinutes(21));
        assertThat(decision.nextOpening()).contains(ams("2026-06-02T09:00"));
    }

    @Test
    void tenMinutesBeforeClosingWithFreeCapacityIsAdmitted() {
        // Two professionals with one chat each: 4 free slots; position 4 only waits for the pick-up (1 min).
        AdmissionDecision decision = admission.decide(schedule, ams("2026-06-01T16:50"), 3, twoWithFourFree, AVG);
        assertThat(decision.admitted()).isTrue();
        assertThat(decision.refusal()).isEqualTo(AdmissionRefusal.ADMISSION_REFUSAL_UNSPECIFIED);
        assertThat(decision.estimatedWait()).contains(Duration.ofMinutes(1));
        assertThat(decision.opening()).contains(new Opening(ams("2026-06-01T09:00"), ams("2026-06-01T17:00")));
        assertThat(decision.nextOpening()).isEmpty();
    }

    @Test
    void theCutOffIsWaitPlusMinimumChatTime() {
        // One idle professional (3 free), 3 waiting: position 4 waits 1 + 1 x 5 = 6 min, plus 5 min chat = 11 min.
        assertThat(admission.decide(schedule, ams("2026-06-01T16:49"), 3, oneIdle, AVG).admitted()).isTrue();
        assertThat(admission.decide(schedule, ams("2026-06-01T16:49:01"), 3, oneIdle, AVG).refusal())
                .isEqualTo(AdmissionRefusal.WAIT_PAST_CLOSING);
    }

    @Test
    void tooLittleTimeLeftForAnyChatIsRefusedEvenWhenFree() {
        // 1 min pick-up + 5 min chat do not fit in the last 3 minutes.
        assertThat(admission.decide(schedule, ams("2026-06-01T16:57"), 0, oneIdle, AVG).refusal())
                .isEqualTo(AdmissionRefusal.WAIT_PAST_CLOSING);
    }

    @Test
    void adjacentSlotsCountAsOneOpeningForTheCutOff() {
        Schedule afternoon = schedule(slot(MONDAY, "15:00", "17:00"), slot(MONDAY, "17:00", "19:00"));
        AdmissionDecision decision = admission.decide(afternoon, ams("2026-06-01T16:57"), 3, oneBusy, AVG);
        assertThat(decision.admitted()).isTrue();
        assertThat(decision.opening().map(Opening::closesAt)).contains(ams("2026-06-01T19:00"));
    }

    @Test
    void queuedClientsAreWarnedWhenTheirWaitRunsPastClosing() {
        Optional<Opening> opening = schedule.currentOpening(ams("2026-06-01T16:30"));
        // One busy professional: position p waits 1 + 5p min. 30 min left, 5 min chat: fits while 1 + 5p <= 25.
        QueueOutlook fourth = admission.outlook(4, ams("2026-06-01T16:30"), opening, oneBusy, AVG);
        assertThat(fourth).isEqualTo(new QueueOutlook(4, Optional.of(Duration.ofMinutes(21)), false,
                Optional.of(ams("2026-06-01T17:00"))));
        QueueOutlook fifth = admission.outlook(5, ams("2026-06-01T16:30"), opening, oneBusy, AVG);
        assertThat(fifth.estimatedWait()).contains(Duration.ofMinutes(26));
        assertThat(fifth.mayNotBeServed()).isTrue();
        assertThat(admission.mayNotBeServed(4, ams("2026-06-01T16:30"), opening, oneBusy, AVG)).isFalse();
        assertThat(admission.mayNotBeServed(5, ams("2026-06-01T16:30"), opening, oneBusy, AVG)).isTrue();
    }

    @Test
    void queuedClientsAreWarnedWhenNobodyIsOnDutyOrItClosed() {
        Optional<Opening> opening = schedule.currentOpening(ams("2026-06-01T12:00"));
        QueueOutlook nobody = admission.outlook(1, ams("2026-06-01T12:00"), opening, Staffing.NOBODY, AVG);
        assertThat(nobody.mayNotBeServed()).isTrue();
        assertThat(nobody.estimatedWait()).isEmpty();

        // The opening computed at 12:00 is over at 17:00: the client is warned, no estimate, no closesAt.
        QueueOutlook afterClosing = admission.outlook(1, ams("2026-06-01T17:00"), opening, oneIdle, AVG);
        assertThat(afterClosing).isEqualTo(new QueueOutlook(1, Optional.empty(), true, Optional.empty()));
        assertThat(admission.mayNotBeServed(1, ams("2026-06-01T20:00"), Optional.empty(), oneIdle, AVG)).isTrue();
    }

    @Test
    void aJustAdmittedClientIsNotWarned() {
        AdmissionDecision decision = admission.decide(schedule, ams("2026-06-01T16:49"), 3, oneIdle, AVG);
        assertThat(decision.admitted()).isTrue();
        assertThat(admission.mayNotBeServed(4, ams("2026-06-01T16:49"), decision.opening(), oneIdle, AVG)).isFalse();
    }
}
