package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.protocol.v1.ExceptionDate;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.officehours.queue.Admission;
import nl.spreekuur.server.officehours.queue.AdmissionDecision;
import nl.spreekuur.server.officehours.queue.Staffing;
import nl.spreekuur.server.schedule.Schedule;
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
    /** Exception dates this far ahead are told with the status (two weeks including today). */
    static final int EXCEPTION_DAYS_AHEAD = 13;

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
                .addAllWeeklySlots(weeklySlots(officeHour))
                .addAllUpcomingExceptions(upcomingExceptions(officeHour, schedule.localDate(now)))
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

    /** The schedule as people read it: by weekday, then start. */
    static List<WeeklySlot> weeklySlots(OfficeHour officeHour) {
        return officeHour.getSlotsList().stream()
                .sorted(Comparator.comparingInt((WeeklySlot s) -> s.getDayValue()).thenComparing(WeeklySlot::getStart))
                .toList();
    }

    /** Exception dates (closed, or other hours) from {@code today} to {@value #EXCEPTION_DAYS_AHEAD} days ahead. */
    static List<ExceptionDate> upcomingExceptions(OfficeHour officeHour, LocalDate today) {
        LocalDate last = today.plusDays(EXCEPTION_DAYS_AHEAD);
        return officeHour.getExceptionsList().stream()
                .filter(e -> {
                    LocalDate date = LocalDate.parse(e.getDate());
                    return !date.isBefore(today) && !date.isAfter(last);
                })
                .sorted(Comparator.comparing(ExceptionDate::getDate))
                .toList();
    }
}
