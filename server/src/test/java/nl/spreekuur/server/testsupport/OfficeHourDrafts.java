package nl.spreekuur.server.testsupport;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import nl.spreekuur.protocol.v1.ExceptionDate;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.TimeRange;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.schedule.Schedule;

/**
 * Small builders for office hour definitions (not yet validated or saved), their schedules and Amsterdam local times
 * in tests.
 */
public final class OfficeHourDrafts {

    public static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private OfficeHourDrafts() {
    }

    public static WeeklySlot slot(Weekday day, String start, String end) {
        return WeeklySlot.newBuilder().setDay(day).setStart(start).setEnd(end).build();
    }

    public static TimeRange range(String start, String end) {
        return TimeRange.newBuilder().setStart(start).setEnd(end).build();
    }

    public static ExceptionDate closed(String date) {
        return ExceptionDate.newBuilder().setDate(date).setLabel("Gesloten").build();
    }

    public static ExceptionDate replaced(String date, TimeRange... hours) {
        return ExceptionDate.newBuilder().setDate(date).setLabel("Andere tijden")
                .addAllHours(java.util.List.of(hours)).build();
    }

    /** A valid office hour with the given slots (time zone left empty = Europe/Amsterdam). */
    public static OfficeHour.Builder officeHour(WeeklySlot... slots) {
        return OfficeHour.newBuilder()
                .setSlug("jongeren-chat")
                .setName("Chat voor jongeren")
                .addAllSlots(java.util.List.of(slots));
    }

    public static Schedule schedule(WeeklySlot... slots) {
        return Schedule.of(officeHour(slots).build());
    }

    /** "2026-06-01T09:00" in Europe/Amsterdam (earlier offset when ambiguous). */
    public static Instant ams(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), AMSTERDAM).toInstant();
    }

    public static Instant utc(String isoInstant) {
        return Instant.parse(isoInstant);
    }
}
