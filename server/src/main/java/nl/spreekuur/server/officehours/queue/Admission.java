package nl.spreekuur.server.officehours.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.server.schedule.Opening;
import nl.spreekuur.server.schedule.Schedule;

/**
 * Decides whether a new client may join the queue, and warns queued clients who may not be served.
 *
 * <p>A client "fits" when {@code now + expected wait + minimum chat time <= closesAt}: being picked up one minute
 * before closing is no help, so there must be room for at least {@code minimumChatTime} (configured, default 5
 * minutes) of chat.
 * The same rule decides admission (for position {@code waiting + 1}) and the {@code may_not_be_served} warning of
 * queued clients, so a client who was just admitted is not warned right away.
 *
 * <p>Order of the checks for a new client: closed → OUTSIDE_OPENING_HOURS (with the next opening); open but nobody
 * on duty → NOBODY_ON_DUTY; does not fit → WAIT_PAST_CLOSING (with the next opening); otherwise admitted.
 */
public final class Admission {

    private final WaitEstimator estimator;
    private final Duration minimumChatTime;

    public Admission(WaitEstimator estimator, Duration minimumChatTime) {
        if (minimumChatTime.isNegative()) {
            throw new IllegalArgumentException("minimum chat time must not be negative");
        }
        this.estimator = estimator;
        this.minimumChatTime = minimumChatTime;
    }

    WaitEstimator estimator() {
        return estimator;
    }

    /**
     * @param waiting     clients waiting now (the new client would be number {@code waiting + 1})
     * @param averageChat see {@link WaitEstimator#averageChatDuration}
     */
    public AdmissionDecision decide(Schedule schedule, Instant now, int waiting, Staffing staffing,
                                    Duration averageChat) {
        Optional<Opening> opening = schedule.currentOpening(now);
        if (opening.isEmpty()) {
            return AdmissionDecision.refuse(AdmissionRefusal.OUTSIDE_OPENING_HOURS, null,
                    schedule.nextOpening(now).orElse(null), null);
        }
        Optional<Duration> wait = estimator.estimate(waiting + 1, staffing, averageChat);
        if (wait.isEmpty()) {
            return AdmissionDecision.refuse(AdmissionRefusal.NOBODY_ON_DUTY, opening.get(), null, null);
        }
        if (!fits(now, wait.get(), opening.get())) {
            return AdmissionDecision.refuse(AdmissionRefusal.WAIT_PAST_CLOSING, opening.get(),
                    schedule.nextOpening(now).orElse(null), wait.get());
        }
        return AdmissionDecision.admit(opening.get(), wait.get());
    }

    /**
     * The numbers for a queued client's QueueStatus. Pass the opening once computed
     * ({@link Schedule#currentOpening}) for a whole queue.
     */
    public QueueOutlook outlook(int position, Instant now, Optional<Opening> currentOpening, Staffing staffing,
                                Duration averageChat) {
        Optional<Opening> opening = currentOpening.filter(o -> o.contains(now));
        Optional<Duration> wait = opening.isPresent()
                ? estimator.estimate(position, staffing, averageChat)
                : Optional.empty();
        boolean mayNotBeServed = wait.isEmpty() || !fits(now, wait.get(), opening.get());
        return new QueueOutlook(position, wait, mayNotBeServed, opening.map(Opening::closesAt));
    }

    /**
     * True when the client at {@code position} may not be served before closing: the office hour is closed, nobody
     * is on duty, or the expected wait plus the minimum chat time runs past the end of the opening.
     */
    boolean mayNotBeServed(int position, Instant now, Optional<Opening> currentOpening, Staffing staffing,
                                  Duration averageChat) {
        return outlook(position, now, currentOpening, staffing, averageChat).mayNotBeServed();
    }

    private boolean fits(Instant now, Duration wait, Opening opening) {
        return !now.plus(wait).plus(minimumChatTime).isAfter(opening.closesAt());
    }
}
