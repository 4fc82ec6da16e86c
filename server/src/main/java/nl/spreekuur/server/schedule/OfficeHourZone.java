package nl.spreekuur.server.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import nl.spreekuur.protocol.v1.OfficeHour;

/** The office hour's time zone and local calendar (statistics days, exception dates). */
public final class OfficeHourZone {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Amsterdam");

    // ZoneId.getAvailableZoneIds() copies the set on every call.
    private static final Set<String> KNOWN_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    private OfficeHourZone() {
    }

    /** True for an IANA region id known to this JVM (e.g. "Europe/Amsterdam", "UTC"); fixed offsets are refused. */
    static boolean isKnown(String timeZone) {
        return timeZone != null && KNOWN_ZONES.contains(timeZone);
    }

    /**
     * The zone of the office hour; empty means the default.
     *
     * @throws InvalidOfficeHourException if the zone is unknown
     */
    static ZoneId of(OfficeHour officeHour) {
        String id = officeHour.getTimeZone();
        if (id.isEmpty()) {
            return DEFAULT_ZONE;
        }
        if (!isKnown(id)) {
            throw new InvalidOfficeHourException(List.of(new FieldError("time_zone", "is not a known IANA time zone")));
        }
        return ZoneId.of(id);
    }

    /** The office hour's local date at {@code instant}: the day a statistics fact is counted on. */
    public static LocalDate localDate(OfficeHour officeHour, Instant instant) {
        return LocalDate.ofInstant(instant, of(officeHour));
    }
}
