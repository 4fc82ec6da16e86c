package nl.spreekuur.server.officehours;

import static nl.spreekuur.protocol.v1.Weekday.MONDAY;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.ams;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.officeHour;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.server.officehours.queue.Staffing;
import nl.spreekuur.server.officehours.schedule.Schedule;
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
                .setOpen(true).setAccepting(true)
                .setClosesAt(ProtoTime.of(ams("2026-06-01T17:00")))
                .setWaiting(2).setProfessionalsOnDuty(1)
                .setEstimatedWaitSeconds(960) // position 3, no free slot: 60 + 3 x 900/3 = 960
                .build());
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
