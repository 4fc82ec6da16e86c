package nl.spreekuur.server.officehours.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.server.schedule.Opening;

/** Whether a new client may join the queue, and what to tell them. */
public final class AdmissionDecision {

    private final AdmissionRefusal refusal;
    private final Opening opening;
    private final Instant nextOpening;
    private final Duration estimatedWait;

    private AdmissionDecision(AdmissionRefusal refusal, Opening opening, Instant nextOpening,
                              Duration estimatedWait) {
        this.refusal = Objects.requireNonNull(refusal);
        this.opening = opening;
        this.nextOpening = nextOpening;
        this.estimatedWait = estimatedWait;
    }

    static AdmissionDecision admit(Opening opening, Duration estimatedWait) {
        return new AdmissionDecision(AdmissionRefusal.ADMISSION_REFUSAL_UNSPECIFIED, Objects.requireNonNull(opening),
                null, Objects.requireNonNull(estimatedWait));
    }

    static AdmissionDecision refuse(AdmissionRefusal refusal, Opening opening, Instant nextOpening,
                                    Duration estimatedWait) {
        if (refusal == AdmissionRefusal.ADMISSION_REFUSAL_UNSPECIFIED || refusal == AdmissionRefusal.UNRECOGNIZED) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
        return new AdmissionDecision(refusal, opening, nextOpening, estimatedWait);
    }

    public boolean admitted() {
        return refusal == AdmissionRefusal.ADMISSION_REFUSAL_UNSPECIFIED;
    }

    /** ADMISSION_REFUSAL_UNSPECIFIED when admitted. */
    public AdmissionRefusal refusal() {
        return refusal;
    }

    /** The current opening; empty when refused as OUTSIDE_OPENING_HOURS. */
    public Optional<Opening> opening() {
        return Optional.ofNullable(opening);
    }

    /** When to come back: set when refused as OUTSIDE_OPENING_HOURS or WAIT_PAST_CLOSING and a next opening exists. */
    public Optional<Instant> nextOpening() {
        return Optional.ofNullable(nextOpening);
    }

    /** The estimate for the new client's position; set when admitted or refused as WAIT_PAST_CLOSING. */
    public Optional<Duration> estimatedWait() {
        return Optional.ofNullable(estimatedWait);
    }

    @Override
    public String toString() {
        return admitted() ? "admitted(wait=" + estimatedWait + ")" : "refused(" + refusal + ")";
    }
}
