package nl.spreekuur.server.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A parsed "HH:MM"-"HH:MM" range on a local date. An end at or before the start means the range runs past midnight
 * and ends on the next day.
 */
record LocalSlot(LocalTime start, LocalTime end) {

    boolean wrapsMidnight() {
        return !end.isAfter(start);
    }

    /** Start and end in minutes from the start of the slot's own day; the end may exceed 1440 (next day). */
    int startMinute() {
        return start.getHour() * 60 + start.getMinute();
    }

    int endMinute() {
        int e = end.getHour() * 60 + end.getMinute();
        return wrapsMidnight() ? e + 24 * 60 : e;
    }

    /**
     * The real interval of this slot when it starts on {@code date}. Local times are resolved like
     * {@link ZonedDateTime#of}: a time in a DST gap is moved later by the length of the gap, an ambiguous time takes
     * the earlier offset. Returns empty if the resolution leaves no time at all (a range lying entirely inside a gap
     * after shifting, e.g. 02:45-03:00 on the spring-forward day).
     */
    Optional<Opening> on(LocalDate date, ZoneId zone) {
        Instant opensAt = ZonedDateTime.of(date, start, zone).toInstant();
        Instant closesAt = ZonedDateTime.of(wrapsMidnight() ? date.plusDays(1) : date, end, zone).toInstant();
        return closesAt.isAfter(opensAt) ? Optional.of(new Opening(opensAt, closesAt)) : Optional.empty();
    }
}
