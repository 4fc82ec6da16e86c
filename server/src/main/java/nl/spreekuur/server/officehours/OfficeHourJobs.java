package nl.spreekuur.server.officehours;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.schedule.Schedule;
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
    /** No office hour may configure a shorter grace, so entries disconnected more recently are never due. */
    private static final Duration MIN_GRACE = Duration.ofSeconds(OfficeHourValidator.MIN_RECONNECT_GRACE_SECONDS);

    private final Store store;
    private final Clock clock;
    private final OfficeHourContext ctx;
    private final ChatEnding ending;
    private final StaffPresence staffPresence;
    private final Duration staffOffDutyGrace;
    /** When {@link #pushOpeningChanges} last looked (at first: when the jobs were made, so the first run compares too). */
    private final AtomicReference<Instant> openingsCheckedAt;

    OfficeHourJobs(OfficeHourContext ctx, ChatEnding ending, StaffPresence staffPresence, Duration staffOffDutyGrace) {
        this.store = ctx.store();
        this.clock = ctx.clock();
        this.openingsCheckedAt = new AtomicReference<>(clock.instant());
        this.ctx = ctx;
        this.ending = ending;
        this.staffPresence = staffPresence;
        this.staffOffDutyGrace = staffOffDutyGrace;
    }

    /** Runs every job once; returns how many items of content retention deleted (queue entries, offline messages). */
    public int runOnce() {
        step("reconnect grace", this::expireDisconnectedClients);
        step("opening and closing time", this::pushOpeningChanges);
        step("closing time", this::closeFinishedOfficeHours);
        step("vanished professionals", this::takeVanishedStaffOffDuty);
        int[] purged = new int[1];
        step("retention", () -> purged[0] = applyRetention());
        return purged[0];
    }

    private static void step(String name, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.warn("office-hour job '{}' failed: {}", name, e.toString());
        }
    }

    /**
     * Clients gone longer than their office hour's grace lose their place or chat (CLIENT_GONE); never-served
     * waiting clients of a long queue sooner ({@link QueueFloodGuard#reconnectGrace}).
     */
    void expireDisconnectedClients() {
        Instant now = clock.instant();
        java.util.Map<String, Integer> waiting = new java.util.HashMap<>();
        for (Queue.Entry listed : store.queue().disconnectedSince(now.minus(ctx.flood().shortestGrace(MIN_GRACE)))) {
            Optional<OfficeHour> oh = store.officeHours().byId(listed.officeHourId());
            // Read again: the client may have come back since the list was made.
            Optional<Queue.Entry> entry = store.queue().byId(listed.id());
            if (oh.isEmpty() || entry.isEmpty() || entry.get().disconnectedAt() == null) {
                continue;
            }
            Duration grace = ctx.flood().reconnectGrace(Duration.ofSeconds(oh.get().getReconnectGraceSeconds()),
                    entry.get(), waiting.computeIfAbsent(oh.get().getId(), id -> store.queue().waiting(id).size()));
            if (!entry.get().disconnectedAt().plus(grace).isAfter(now)) {
                ending.finish(oh.get(), entry.get(), EndReason.CLIENT_GONE);
            }
        }
    }

    /**
     * After closing time, clients still waiting are served as long as someone is on duty; once nobody is, they are
     * told clearly that they will not be served today (NOT_SERVED).
     */
    void closeFinishedOfficeHours() {
        Instant now = clock.instant();
        for (Organisations.Organisation org : store.organisations().all()) {
            for (OfficeHour oh : store.officeHours().byOrganisation(org.id())) {
                List<Queue.Entry> waiting = store.queue().waiting(oh.getId());
                if (waiting.isEmpty() || Schedule.of(oh).isOpen(now)
                        || !store.officeHours().onDuty(oh.getId()).isEmpty()) {
                    continue;
                }
                for (Queue.Entry entry : waiting) {
                    ending.finishWaiting(oh, entry, EndReason.CLOSED_AT_END_OF_OFFICE_HOUR);
                }
            }
        }
    }

    /**
     * An office hour that opened or closed (or whose next opening passed) since the last run gets its views recomputed for this node's
     * connections: waiting clients learn at closing time that the estimate and closing time no longer hold, and
     * professionals see the new status, without waiting for some other change. Every node runs this for its own
     * connections, so nothing is published.
     */
    void pushOpeningChanges() {
        Instant now = clock.instant();
        Instant before = openingsCheckedAt.getAndSet(now);
        // Compared in either direction: after the clock was set back (an injected clock in tests, a corrected
        // system clock), the next run must still see what changed since the last one it made.
        if (before.equals(now)) {
            return;
        }
        for (Organisations.Organisation org : store.organisations().all()) {
            for (OfficeHour oh : store.officeHours().byOrganisation(org.id())) {
                Schedule schedule = Schedule.of(oh);
                if (!Objects.equals(schedule.currentOpening(before), schedule.currentOpening(now))
                        || !Objects.equals(schedule.nextOpening(before), schedule.nextOpening(now))) {
                    ctx.changes().refreshHere(oh.getId());
                }
            }
        }
    }

    void takeVanishedStaffOffDuty() {
        Instant now = clock.instant();
        for (String accountId : staffPresence.goneBefore(now.minus(staffOffDutyGrace))) {
            for (OfficeHours.Duty duty : store.officeHours().dutiesOf(accountId)) {
                store.officeHours().setOnDuty(duty.officeHourId(), accountId, false, now);
                ctx.changes().publish(duty.officeHourId());
            }
        }
    }

    /** Deletes handled offline messages and ended queue entries (nickname, first question) that are due. */
    int applyRetention() {
        Instant now = clock.instant();
        return store.offlineMessages().deleteHandledBefore(ctx.retention().offlineMessageCutoff(now))
                + store.queue().deleteEndedBefore(ctx.retention().endedQueueEntryCutoff(now));
    }
}
