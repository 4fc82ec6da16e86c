package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.server.store.OfficeHours;

/**
 * The state of one office hour at one moment, loaded once and shared by every status, view and estimate computed
 * from it, so that all of them agree.
 */
record OfficeHourSnapshot(OfficeHour officeHour, String organisationName, Schedule schedule, Instant now,
                          QueuePositions waiting, List<OfficeHours.Duty> duties, Staffing staffing,
                          Duration averageChat, OfficeHourStatus status) {

    String id() {
        return officeHour.getId();
    }
}
