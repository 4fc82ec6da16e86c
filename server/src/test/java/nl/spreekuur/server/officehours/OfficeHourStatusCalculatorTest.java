package nl.spreekuur.server.officehours;

import static nl.spreekuur.protocol.v1.Weekday.MONDAY;
import static nl.spreekuur.protocol.v1.Weekday.WEDNESDAY;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.closed;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.ams;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.officeHour;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.range;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.replaced;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import nl.spreekuur.protocol.v1.ExceptionDate;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.server.officehours.queue.Staffing;
import nl.spreekuur.server.schedule.Schedule;
import org.junit.jupiter.api.Test;
import nl.spreekuur.server.store.ProtoTime;

class OfficeHourStatusCalculatorTest {

    private static final Duration AVG = Duration.ofMinutes(15);
    private final OfficeHour officeHour = officeHour(slot(MONDAY, "09:00", "17:00"))
            .setId("oh-1").setDescription("Anoniem").setTranscriptConsentDefault(true).setRetentionDays(14).build();
    private final Schedule schedule = Schedule.of(officeHour);
    private final OfficeHourStatusCalculator calculator =
            new OfficeHourStatusCalculator(OfficeHoursSettings.defaults().admission());

    @Test
    void openAndAccepting() {
        OfficeHourStatus status = calculator.status(officeHour, "Buurtteam", schedule, ams("2026-06-01T12:00"), 2,
                Staffing.uniform(3, List.of(3)), AVG);
        assertThat(status).isEqualTo(OfficeHourStatus.newBuilder()
                .setOfficeHourId("oh-1").setSlug("jongeren-chat").setName("Chat voor jongeren")
                .setDescription("Anoniem").setOrganisationName("Buurtteam").setTimeZone("Europe/Amsterdam")
                .setTranscriptConsentDefault(true).setRetentionDays(14)
                .addWeeklySlots(slot(MONDAY, "09:00", "17:00"))
                .setOpen(true).setAccepting(true)
                .setClosesAt(ProtoTime.of(ams("2026-06-01T17:00")))
                .setWaiting(2).setProfessionalsOnDuty(1)
                .setEstimatedWaitSeconds(960) // position 3, no free slot: 60 + 3 x 900/3 = 960
                .build());
    }

    @Test
    void theWeeklyScheduleIsToldByDayAndStartWithTheExceptionsOfTheNextTwoWeeks() {
        OfficeHour withExceptions = officeHour(slot(WEDNESDAY, "13:00", "17:00"), slot(MONDAY, "15:00", "17:00"),
                slot(MONDAY, "09:00", "12:00"))
                .addExceptions(closed("2026-06-15")) // the day after the last day told
                .addExceptions(replaced("2026-06-05", range("10:00", "12:00")))
                .addExceptions(closed("2026-06-01"))  // today
                .addExceptions(closed("2026-05-31"))  // yesterday
                .addExceptions(closed("2026-06-14"))  // the last day told: today + 13
                .build();
        OfficeHourStatus status = calculator.status(withExceptions, "Buurtteam", Schedule.of(withExceptions),
                ams("2026-06-01T08:00"), 0, Staffing.uniform(3, List.of(0)), AVG);
        assertThat(status.getWeeklySlotsList()).containsExactly(slot(MONDAY, "09:00", "12:00"),
                slot(MONDAY, "15:00", "17:00"), slot(WEDNESDAY, "13:00", "17:00"));
        assertThat(status.getUpcomingExceptionsList()).extracting(ExceptionDate::getDate)
                .containsExactly("2026-06-01", "2026-06-05", "2026-06-14");
        assertThat(status.getUpcomingExceptions(1).getHoursList()).containsExactly(range("10:00", "12:00"));
    }

    @Test
    void closedShowsTheNextOpeningAndNoEstimate() {
        OfficeHourStatus status = calculator.status(officeHour, "Buurtteam", schedule, ams("2026-06-01T18:00"), 0,
                Staffing.uniform(3, List.of(0)), AVG);
        assertThat(status.getOpen()).isFalse();
        assertThat(status.getAccepting()).isFalse();
        assertThat(status.hasClosesAt()).isFalse();
        assertThat(status.getNextOpening()).isEqualTo(ProtoTime.of(ams("2026-06-08T09:00")));
        assertThat(status.getEstimatedWaitSeconds()).isEqualTo(OfficeHourStatusCalculator.UNKNOWN_WAIT_SECONDS);
    }

    @Test
    void openWithNobodyOnDutyIsNotAccepting() {
        OfficeHourStatus status = calculator.status(officeHour, "Buurtteam", schedule, ams("2026-06-01T12:00"), 0,
                Staffing.NOBODY, AVG);
        assertThat(status.getOpen()).isTrue();
        assertThat(status.getAccepting()).isFalse();
        assertThat(status.getProfessionalsOnDuty()).isZero();
        assertThat(status.getEstimatedWaitSeconds()).isEqualTo(-1);
        assertThat(status.hasNextOpening()).isFalse();
    }

    @Test
    void openButTooLateStillShowsTheHonestEstimate() {
        OfficeHourStatus status = calculator.status(officeHour, "Buurtteam", schedule, ams("2026-06-01T16:50"), 3,
                Staffing.uniform(3, List.of(3)), AVG);
        assertThat(status.getOpen()).isTrue();
        assertThat(status.getAccepting()).isFalse();
        assertThat(status.getEstimatedWaitSeconds()).isEqualTo(21 * 60);
    }
}
