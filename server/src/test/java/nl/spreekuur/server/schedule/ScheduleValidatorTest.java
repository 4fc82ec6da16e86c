package nl.spreekuur.server.schedule;

import static nl.spreekuur.protocol.v1.Weekday.MONDAY;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.ams;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.officeHour;
import static nl.spreekuur.server.testsupport.OfficeHourDrafts.slot;
import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.OfficeHour;
import org.junit.jupiter.api.Test;

/** The schedule rules themselves are exercised through the full definition check in OfficeHourValidatorTest. */
class ScheduleValidatorTest {

    @Test
    void scheduleErrorsIgnoreTheNonScheduleFields() {
        OfficeHour oh = officeHour(slot(MONDAY, "09:00", "17:00")).setSlug("").setName("").build();
        assertThat(ScheduleValidator.scheduleErrors(oh)).isEmpty();
        assertThat(Schedule.of(oh).isOpen(ams("2026-06-01T10:00"))).isTrue();
    }
}
