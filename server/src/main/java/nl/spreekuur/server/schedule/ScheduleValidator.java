package nl.spreekuur.server.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.spreekuur.protocol.v1.ExceptionDate;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.TimeRange;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.session.Texts;

/**
 * Checks the parts of an office hour definition that {@link Schedule} needs: time zone, weekly slots and exception
 * dates. Error messages name the field and the rule but never repeat the submitted text.
 *
 * <p>Schedule rules: weekly slots must not overlap each other, also not across midnight (Friday 22:00-02:00 and
 * Saturday 01:00-03:00 overlap) and not across the week boundary (Sunday 23:00-01:00 and Monday 00:30-...). Slots
 * that only touch (15:00-17:00 and 17:00-19:00) are fine; the schedule merges them into one opening. The ranges of
 * one exception date must not overlap each other either. An exception's ranges are not checked against the
 * neighbouring days' slots: a past-midnight slot of the previous day and the exception's hours are simply merged.
 */
public final class ScheduleValidator {

    private static final int MAX_LABEL_LENGTH = 120;
    /** Bounds that keep a definition (and the work of evaluating it) small. */
    private static final int MAX_WEEKLY_SLOTS = 100;
    private static final int MAX_EXCEPTION_DATES = 400;
    private static final int MAX_RANGES_PER_EXCEPTION = 10;

    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final int MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

    private ScheduleValidator() {
    }

    /**
     * Only the parts that {@link Schedule} needs: time zone, weekly slots and exception dates. Used when a stored
     * definition is turned into a schedule, so that a later change of, say, the name limit never breaks opening
     * hours of existing office hours.
     */
    public static List<FieldError> scheduleErrors(OfficeHour officeHour) {
        List<FieldError> errors = new ArrayList<>();
        String zone = officeHour.getTimeZone();
        if (!zone.isEmpty() && !OfficeHourZone.isKnown(zone)) {
            errors.add(new FieldError("time_zone", "is not a known IANA time zone"));
        }
        checkWeeklySlots(officeHour.getSlotsList(), errors);
        checkExceptions(officeHour.getExceptionsList(), errors);
        return errors;
    }

    private static void checkWeeklySlots(List<WeeklySlot> slots, List<FieldError> errors) {
        if (slots.size() > MAX_WEEKLY_SLOTS) {
            errors.add(new FieldError("slots", "at most " + MAX_WEEKLY_SLOTS + " weekly slots"));
            return;
        }
        // [start, end) in minutes from Monday 00:00; an end beyond the week wraps to Monday.
        List<int[]> parsed = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            WeeklySlot slot = slots.get(i);
            String field = "slots[" + i + "]";
            Optional<DayOfWeek> day = dayOf(slot.getDay());
            if (day.isEmpty()) {
                errors.add(new FieldError(field + ".day", "must be a weekday MONDAY to SUNDAY"));
            }
            Optional<LocalSlot> range = parseRange(slot.getStart(), slot.getEnd(), field, errors);
            if (day.isPresent() && range.isPresent()) {
                int dayOffset = (day.get().getValue() - 1) * MINUTES_PER_DAY;
                parsed.add(new int[] {dayOffset + range.get().startMinute(), dayOffset + range.get().endMinute()});
                indexes.add(i);
            }
        }
        for (int a = 0; a < parsed.size(); a++) {
            for (int b = a + 1; b < parsed.size(); b++) {
                if (overlapOnWeek(parsed.get(a), parsed.get(b))) {
                    errors.add(new FieldError("slots[" + indexes.get(b) + "]",
                            "overlaps slots[" + indexes.get(a) + "]"));
                }
            }
        }
    }

    private static void checkExceptions(List<ExceptionDate> exceptions, List<FieldError> errors) {
        if (exceptions.size() > MAX_EXCEPTION_DATES) {
            errors.add(new FieldError("exceptions", "at most " + MAX_EXCEPTION_DATES + " exception dates"));
            return;
        }
        Map<LocalDate, Integer> seen = new HashMap<>();
        for (int i = 0; i < exceptions.size(); i++) {
            ExceptionDate exception = exceptions.get(i);
            String field = "exceptions[" + i + "]";
            Optional<LocalDate> date = parseDate(exception.getDate());
            if (date.isEmpty()) {
                errors.add(new FieldError(field + ".date", "must be a date YYYY-MM-DD"));
            } else {
                Integer earlier = seen.putIfAbsent(date.get(), i);
                if (earlier != null) {
                    errors.add(new FieldError(field + ".date", "repeats exceptions[" + earlier + "]"));
                }
            }
            if (Texts.length(exception.getLabel()) > MAX_LABEL_LENGTH) {
                errors.add(new FieldError(field + ".label", "must be at most " + MAX_LABEL_LENGTH + " characters"));
            }
            checkReplacementHours(exception.getHoursList(), field, errors);
        }
    }

    private static void checkReplacementHours(List<TimeRange> hours, String field, List<FieldError> errors) {
        if (hours.size() > MAX_RANGES_PER_EXCEPTION) {
            errors.add(new FieldError(field + ".hours", "at most " + MAX_RANGES_PER_EXCEPTION + " ranges"));
            return;
        }
        List<LocalSlot> parsed = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int h = 0; h < hours.size(); h++) {
            TimeRange range = hours.get(h);
            Optional<LocalSlot> slot = parseRange(range.getStart(), range.getEnd(), field + ".hours[" + h + "]",
                    errors);
            if (slot.isPresent()) {
                parsed.add(slot.get());
                indexes.add(h);
            }
        }
        for (int a = 0; a < parsed.size(); a++) {
            for (int b = a + 1; b < parsed.size(); b++) {
                LocalSlot x = parsed.get(a);
                LocalSlot y = parsed.get(b);
                if (x.startMinute() < y.endMinute() && y.startMinute() < x.endMinute()) {
                    errors.add(new FieldError(field + ".hours[" + indexes.get(b) + "]",
                            "overlaps " + field + ".hours[" + indexes.get(a) + "]"));
                }
            }
        }
    }

    private static Optional<LocalSlot> parseRange(String start, String end, String field, List<FieldError> errors) {
        Optional<LocalTime> s = HourMinute.parse(start);
        Optional<LocalTime> e = HourMinute.parse(end);
        if (s.isEmpty()) {
            errors.add(new FieldError(field + ".start", "must be a time HH:MM (00:00-23:59)"));
        }
        if (e.isEmpty()) {
            errors.add(new FieldError(field + ".end", "must be a time HH:MM (00:00-23:59)"));
        }
        if (s.isEmpty() || e.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().equals(e.get())) {
            errors.add(new FieldError(field + ".end", "must differ from the start"));
            return Optional.empty();
        }
        return Optional.of(new LocalSlot(s.get(), e.get()));
    }

    /** Both intervals are shorter than a day, so comparing with one of them shifted by a week covers the wrap. */
    private static boolean overlapOnWeek(int[] a, int[] b) {
        return overlap(a[0], a[1], b[0], b[1])
                || overlap(a[0] + MINUTES_PER_WEEK, a[1] + MINUTES_PER_WEEK, b[0], b[1])
                || overlap(a[0], a[1], b[0] + MINUTES_PER_WEEK, b[1] + MINUTES_PER_WEEK);
    }

    private static boolean overlap(int aStart, int aEnd, int bStart, int bEnd) {
        return aStart < bEnd && bStart < aEnd;
    }

    static Optional<DayOfWeek> dayOf(Weekday weekday) {
        if (weekday == Weekday.WEEKDAY_UNSPECIFIED || weekday == Weekday.UNRECOGNIZED) {
            return Optional.empty();
        }
        return Optional.of(DayOfWeek.of(weekday.getNumber()));
    }

    public static Optional<LocalDate> parseDate(String text) {
        if (!ISO_DATE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
