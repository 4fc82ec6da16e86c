package nl.spreekuur.server.schedule;

import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Pattern;

/** Strict "HH:MM" (24h, two digits each, 00:00-23:59) as used by WeeklySlot and TimeRange. */
final class HourMinute {

    private static final Pattern FORMAT = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    private HourMinute() {
    }

    static Optional<LocalTime> parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(Integer.parseInt(text.substring(0, 2)), Integer.parseInt(text.substring(3))));
    }
}
