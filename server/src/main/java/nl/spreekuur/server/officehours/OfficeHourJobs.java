package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.store.OfficeHours;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-driven parts of office hours, run every few seconds by a scheduler (and directly by tests that move
 * the clock): reconnect grace periods, closing time, professionals who vanished without going off duty, and
 * retention of office-hour data. Every step is a conditional state change, so several nodes running the jobs at
 * once do each thing once.
 */
public final class OfficeHourJobs {
    private static final Logger log = LoggerFactory.getLogger(OfficeHourJobs.class);
    /** The shortest reconnect grace an office hour may configure; entries younger than that are never due. */
    private static final Duration MIN_GRACE = Duration.ofSeconds(30);

    private final OfficeHoursService service;
    private final StaffPresence staffPresence;
    private final RetentionPolicy retention;
    private final Duration staffGrace;

    public OfficeHourJobs(OfficeHoursService service, StaffPresence staffPresence, RetentionPolicy retention,
                          Duration staffGrace) {
        this.service = service;
        this.staffPresence = staffPresence;
        this.retention = retention;
        this.staffGrace = staffGrace;
    }

    public void runOnce() {
        step("reconnect grace", this::expireDisconnectedClients);
        step("closing time", this::closeFinishedOfficeHours);
        step("vanished professionals", this::takeVanishedStaffOffDuty);
        step("retention", this::applyRetention);
    }

    private static void step(String name, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.warn("office-hour job '{}' failed: {}", name, e.toString());
        }
    }

    /** Clients gone longer than their office hour's grace lose their place or chat (CLIENT_GONE). */
    void expireDisconnectedClients() {
        Store store = service.store();
        Instant now = service.clock().instant();
        for (Queue.Entry entry : store.queue().disconnectedSince(now.minus(MIN_GRACE))) {
            Optional<OfficeHour> oh = store.officeHours().byId(entry.officeHourId());
            if (oh.isEmpty()) {
                continue;
            }
            Duration grace = Duration.ofSeconds(oh.get().getReconnectGraceSeconds());
            if (entry.disconnectedAt() != null && !entry.disconnectedAt().plus(grace).isAfter(now)) {
                service.finishEntry(oh.get(), entry, EndReason.CLIENT_GONE);
            }
        }
    }

    /**
     * After closing time, clients still waiting are served as long as someone is on duty; once nobody is, they are
     * told clearly that they will not be served today (NOT_SERVED).
     */
    void closeFinishedOfficeHours() {
        Store store = service.store();
        Instant now = service.clock().instant();
        for (Organisations.Organisation org : store.organisations().all()) {
            for (OfficeHour oh : store.officeHours().byOrganisation(org.id())) {
                List<Queue.Entry> waiting = store.queue().waiting(oh.getId());
                if (waiting.isEmpty() || Schedule.of(oh).isOpen(now) || !store.officeHours().onDuty(oh.getId()).isEmpty()) {
                    continue;
                }
                for (Queue.Entry entry : waiting) {
                    service.finishEntry(oh, entry, EndReason.CLOSED_AT_END_OF_OFFICE_HOUR);
                }
            }
        }
    }

    void takeVanishedStaffOffDuty() {
        Store store = service.store();
        Instant now = service.clock().instant();
        for (String accountId : staffPresence.goneBefore(now.minus(staffGrace))) {
            for (OfficeHours.Duty duty : store.officeHours().dutiesOf(accountId)) {
                store.officeHours().setOnDuty(duty.officeHourId(), accountId, false, now);
                service.changed(duty.officeHourId());
            }
        }
    }

    void applyRetention() {
        Store store = service.store();
        Instant now = service.clock().instant();
        store.offlineMessages().deleteHandledBefore(retention.offlineMessageCutoff(now));
        store.queue().deleteEndedBefore(retention.endedQueueEntryCutoff(now));
    }

}
