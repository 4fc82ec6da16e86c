package nl.spreekuur.server.effects;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.store.Effects.PeriodKind;

/** Calendar periods: ISO weeks (Monday to Sunday), calendar months and quarters, on local dates. */
public final class Periods {

    private Periods() {
    }

    public static LocalDate start(PeriodKind kind, LocalDate day) {
        return switch (kind) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> day.withMonth((day.get(IsoFields.QUARTER_OF_YEAR) - 1) * 3 + 1).withDayOfMonth(1);
        };
    }

    /** The last day of the period that starts on {@code start}. */
    public static LocalDate end(PeriodKind kind, LocalDate start) {
        return switch (kind) {
            case DAY -> start;
            case WEEK -> start.plusDays(6);
            case MONTH -> start.plusMonths(1).minusDays(1);
            case QUARTER -> start.plusMonths(3).minusDays(1);
        };
    }

    /** The starts of every period that overlaps from..to, oldest first. */
    public static List<LocalDate> starts(PeriodKind kind, LocalDate from, LocalDate to) {
        List<LocalDate> starts = new ArrayList<>();
        for (LocalDate s = start(kind, from); !s.isAfter(to); s = end(kind, s).plusDays(1)) {
            starts.add(s);
        }
        return starts;
    }
}
