package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.server.officehours.queue.Admission;
import nl.spreekuur.server.officehours.queue.AdmissionDecision;
import nl.spreekuur.server.officehours.queue.Staffing;
import nl.spreekuur.server.officehours.schedule.Schedule;
import nl.spreekuur.server.store.ProtoTime;

/**
 * Builds the public {@link OfficeHourStatus} from values the service loaded: the definition, the queue length and
 * who is on duty. {@code accepting} is exactly "a client joining now would be admitted", so the status page and
 * JoinQueue never disagree.
 */
final class OfficeHourStatusCalculator {

    /**
     * estimated_wait_seconds when no honest estimate exists (closed, or nobody on duty). Proto3 has no presence for
     * scalars and 0 would read as "no wait".
     */
    static final long UNKNOWN_WAIT_SECONDS = -1;

    private final Admission admission;

    OfficeHourStatusCalculator(Admission admission) {
        this.admission = admission;
    }

    OfficeHourStatus status(OfficeHour officeHour, String organisationName, Schedule schedule, Instant now,
                                   int waiting, Staffing staffing, Duration averageChat) {
        AdmissionDecision decision = admission.decide(schedule, now, waiting, staffing, averageChat);
        OfficeHourStatus.Builder status = OfficeHourStatus.newBuilder()
                .setOfficeHourId(officeHour.getId())
                .setSlug(officeHour.getSlug())
                .setName(officeHour.getName())
                .setDescription(officeHour.getDescription())
                .setOrganisationName(organisationName)
                .setTimeZone(schedule.zone().getId())
                .setTranscriptConsentDefault(officeHour.getTranscriptConsentDefault())
                .setRetentionDays(officeHour.getRetentionDays())
                .setWaiting(waiting)
                .setProfessionalsOnDuty(staffing.professionalsOnDuty())
                .setOpen(decision.opening().isPresent())
                .setAccepting(decision.admitted())
                .setEstimatedWaitSeconds(
                        decision.estimatedWait().map(Duration::toSeconds).orElse(UNKNOWN_WAIT_SECONDS));
        decision.opening().ifPresent(o -> status.setClosesAt(ProtoTime.of(o.closesAt())));
        if (decision.refusal() == AdmissionRefusal.OUTSIDE_OPENING_HOURS) {
            decision.nextOpening().ifPresent(t -> status.setNextOpening(ProtoTime.of(t)));
        }
        return status.build();
    }
}
