package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.server.officehours.queue.QueuePositions;
import nl.spreekuur.server.officehours.queue.Staffing;
import nl.spreekuur.server.schedule.Schedule;

/**
 * The state of one office hour at one moment, loaded once and shared by every status, view and estimate computed
 * from it, so that all of them agree.
 *
 * @param onDuty professionals on duty, in the order they went on duty
 */
record OfficeHourSnapshot(OfficeHour officeHour, String organisationName, Schedule schedule, Instant now,
                          QueuePositions waiting, List<OnDuty> onDuty, Staffing staffing,
                          Duration averageChat, OfficeHourStatus status) {

    /** A professional on duty and the chats they hold now (over all office hours). */
    record OnDuty(String accountId, int activeChats) {
    }

    String id() {
        return officeHour.getId();
    }
}
