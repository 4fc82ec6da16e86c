package nl.spreekuur.server.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ExceptionDate;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.TimeRange;
import nl.spreekuur.protocol.v1.WeeklySlot;

/**
 * When an office hour is open, computed from its weekly slots and exception dates in its own time zone.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A slot belongs to the local date on which it <em>starts</em>. A slot whose end is at or before its start
 *       ("22:00"-"02:00") runs past midnight and ends on the next day.</li>
 *   <li>An exception date replaces the slots that start on that date: no hours = closed all day, otherwise exactly
 *       its ranges. A slot that starts the day before and runs past midnight into an exception date still ends as
 *       defined (a Friday 22:00-02:00 slot keeps the office hour open until 02:00 on a closed Saturday), because
 *       clients admitted on Friday evening must not be cut off at midnight. To close that night too, add an
 *       exception for the Friday.</li>
 *   <li>Local times are resolved like {@link ZonedDateTime#of}: a time that does not exist because the clocks go
 *       forward (02:30 on the last Sunday of March in Europe/Amsterdam) is moved later by the length of the gap
 *       (to 03:30 summer time); a time that exists twice because the clocks go back takes the earlier offset (the
 *       first 02:30, summer time). A range that has no real time left after this (02:45-03:00 on the
 *       spring-forward day) is dropped.</li>
 *   <li>Openings that touch or overlap (15:00-17:00 and 17:00-19:00; a past-midnight slot and the next day's
 *       exception hours) are merged: the office hour closes only at the end of the merged period.</li>
 *   <li>Searches look at most {@value #HORIZON_DAYS} days away from the queried instant. A period that is open
 *       without interruption for longer than that (a 24/7 helpline) is reported as ending at the search horizon, so
 *       its closesAt lies more than a year ahead rather than being invented.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. Build it once per saved definition and reuse it.
 */
public final class Schedule {

    static final int HORIZON_DAYS = 400;

    /** First window growth when an opening may continue beyond the dates looked at so far; doubles each time. */
    private static final int FIRST_EXTENSION_DAYS = 7;

    private final ZoneId zone;
    private final Map<DayOfWeek, List<LocalSlot>> weekly;
    private final Map<LocalDate, List<LocalSlot>> exceptions;

    private Schedule(ZoneId zone, Map<DayOfWeek, List<LocalSlot>> weekly,
                     Map<LocalDate, List<LocalSlot>> exceptions) {
        this.zone = zone;
        this.weekly = Collections.unmodifiableMap(weekly);
        this.exceptions = Map.copyOf(exceptions);
    }

    /**
     * @throws InvalidOfficeHourException if the time zone, slots or exception dates are invalid
     */
    public static Schedule of(OfficeHour officeHour) {
        List<FieldError> errors = ScheduleValidator.scheduleErrors(officeHour);
        if (!errors.isEmpty()) {
            throw new InvalidOfficeHourException(errors);
        }
        Map<DayOfWeek, List<LocalSlot>> weekly = new EnumMap<>(DayOfWeek.class);
        for (WeeklySlot slot : officeHour.getSlotsList()) {
            DayOfWeek day = ScheduleValidator.dayOf(slot.getDay()).orElseThrow();
            weekly.computeIfAbsent(day, d -> new ArrayList<>()).add(slot(slot.getStart(), slot.getEnd()));
        }
        Map<LocalDate, List<LocalSlot>> exceptions = new HashMap<>();
        for (ExceptionDate exception : officeHour.getExceptionsList()) {
            List<LocalSlot> hours = new ArrayList<>();
            for (TimeRange range : exception.getHoursList()) {
                hours.add(slot(range.getStart(), range.getEnd()));
            }
            exceptions.put(ScheduleValidator.parseDate(exception.getDate()).orElseThrow(), List.copyOf(hours));
        }
        weekly.replaceAll((day, slots) -> List.copyOf(slots));
        return new Schedule(OfficeHourZone.of(officeHour), weekly, exceptions);
    }

    /**
     * Weekly slots only (no exception dates), in the given IANA time zone (empty: Europe/Amsterdam), under the same
     * rules and validation as an office hour's: a group room's moderation hours and quiet hours.
     *
     * @throws InvalidOfficeHourException if the time zone or a slot is invalid
     */
    public static Schedule weekly(String timeZone, List<WeeklySlot> slots) {
        return of(OfficeHour.newBuilder().setTimeZone(timeZone).addAllSlots(slots).build());
    }

    private static LocalSlot slot(String start, String end) {
        return new LocalSlot(HourMinute.parse(start).orElseThrow(), HourMinute.parse(end).orElseThrow());
    }

    public ZoneId zone() {
        return zone;
    }

    /** The office hour's local date at {@code instant}. */
    public LocalDate localDate(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    public boolean isOpen(Instant now) {
        LocalDate today = localDate(now);
        // Only slots starting today or yesterday can cover now; no need to find the full merged extent.
        return merged(today.minusDays(1), today).stream().anyMatch(o -> o.contains(now));
    }

    /** The opening that contains {@code now}, with its full (merged) extent; empty when closed. */
    public Optional<Opening> currentOpening(Instant now) {
        List<Opening> found = openings(now, now.plusNanos(1));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * The start of the first opening that begins strictly after {@code now}. While open that is the opening after
     * the current one (after merging, so not the second half of two adjacent slots). Empty if there is none within
     * {@value #HORIZON_DAYS} days.
     */
    public Optional<Instant> nextOpening(Instant now) {
        LocalDate today = localDate(now);
        for (int span = 8; ; span = Math.min(span * 2, HORIZON_DAYS)) {
            // Slots starting before yesterday end before today began, so they cannot matter.
            for (Opening opening : merged(today.minusDays(1), today.plusDays(span))) {
                if (opening.opensAt().isAfter(now)) {
                    return Optional.of(opening.opensAt());
                }
            }
            if (span >= HORIZON_DAYS) {
                return Optional.empty();
            }
        }
    }

    /**
     * The openings that overlap [from, to), in order, each with its full (merged) extent, so the first may open
     * before {@code from} and the last may close after {@code to}.
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from} or the range exceeds
     *                                  {@value #HORIZON_DAYS} days
     */
    List<Opening> openingsBetween(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range must not end before it starts");
        }
        if (Duration.between(from, to).toDays() > HORIZON_DAYS) {
            throw new IllegalArgumentException("the range must not exceed " + HORIZON_DAYS + " days");
        }
        return from.equals(to) ? List.of() : openings(from, to);
    }

    private List<Opening> openings(Instant from, Instant to) {
        // Slots starting before localDate(from) - 1 end before localDate(from) starts; slots starting after
        // localDate(to) start after `to`. Grow the window only while an opening may continue beyond it.
        LocalDate lo = localDate(from).minusDays(1);
        LocalDate hi = localDate(to);
        LocalDate minLo = lo.minusDays(HORIZON_DAYS);
        LocalDate maxHi = hi.plusDays(HORIZON_DAYS);
        // Doubling keeps a round-the-clock schedule (a 24/7 helpline) at a handful of passes.
        for (int step = FIRST_EXTENSION_DAYS; ; step *= 2) {
            List<Opening> hits = merged(lo, hi).stream().filter(o -> o.overlaps(from, to)).toList();
            if (hits.isEmpty()) {
                return hits;
            }
            // A slot starting on lo - 1 ends before lo + 1 begins; one starting on hi + 1 starts at or after it.
            boolean mayStartEarlier = hits.get(0).opensAt().isBefore(startOf(lo.plusDays(1))) && lo.isAfter(minLo);
            boolean mayEndLater = !hits.get(hits.size() - 1).closesAt().isBefore(startOf(hi.plusDays(1)))
                    && hi.isBefore(maxHi);
            if (!mayStartEarlier && !mayEndLater) {
                return hits;
            }
            if (mayStartEarlier) {
                lo = max(lo.minusDays(step), minLo);
            }
            if (mayEndLater) {
                hi = min(hi.plusDays(step), maxHi);
            }
        }
    }

    /** The openings of all slots starting on dates lo..hi (inclusive), sorted and merged. */
    private List<Opening> merged(LocalDate lo, LocalDate hi) {
        List<Opening> raw = new ArrayList<>();
        for (LocalDate date = lo; !date.isAfter(hi); date = date.plusDays(1)) {
            for (LocalSlot slot : slotsStartingOn(date)) {
                slot.on(date, zone).ifPresent(raw::add);
            }
        }
        raw.sort(Comparator.comparing(Opening::opensAt));
        List<Opening> merged = new ArrayList<>();
        for (Opening next : raw) {
            int last = merged.size() - 1;
            if (last >= 0 && !next.opensAt().isAfter(merged.get(last).closesAt())) {
                Opening current = merged.get(last);
                if (next.closesAt().isAfter(current.closesAt())) {
                    merged.set(last, new Opening(current.opensAt(), next.closesAt()));
                }
            } else {
                merged.add(next);
            }
        }
        return merged;
    }

    private List<LocalSlot> slotsStartingOn(LocalDate date) {
        List<LocalSlot> replacement = exceptions.get(date);
        return replacement != null ? replacement : weekly.getOrDefault(date.getDayOfWeek(), List.of());
    }

    private Instant startOf(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
