package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.OfficeHour;

/**
 * How long chat content is kept (data minimisation).
 *
 * <ul>
 *   <li>Transcript with the client's consent: {@code endedAt + retention_days} of the office hour (default 30).</li>
 *   <li>Without consent: {@code endedAt + noConsentGrace} (default 10 minutes), only so that the client can still
 *       read the end of the chat and the professional can finish their closing note; then the events go.</li>
 *   <li>Handled offline messages: {@code handledAt + offlineMessageRetention} (default 30 days). One period for all
 *       office hours, because the store deletes handled messages with a single cut-off. Unhandled messages are
 *       kept until someone handles them: they are a request for contact that must not silently disappear.</li>
 *   <li>Ended queue entries (nickname, first question, timestamps): deleted {@code endedQueueEntryRetention}
 *       (default 1 hour) after they ended; they only serve the waiting room and its reconnects. A consented
 *       transcript lives on in the conversation, not in the entry. Statistics are separate anonymous facts.</li>
 * </ul>
 * The periods come from configuration ({@link OfficeHoursSettings}).
 */
final class RetentionPolicy {

    private final Duration noConsentGrace;
    private final Duration offlineMessageRetention;
    private final Duration endedQueueEntryRetention;

    RetentionPolicy(Duration noConsentGrace, Duration offlineMessageRetention,
                           Duration endedQueueEntryRetention) {
        if (noConsentGrace.isNegative() || offlineMessageRetention.isNegative()
                || endedQueueEntryRetention.isNegative()) {
            throw new IllegalArgumentException("retention periods must not be negative");
        }
        this.noConsentGrace = noConsentGrace;
        this.offlineMessageRetention = offlineMessageRetention;
        this.endedQueueEntryRetention = endedQueueEntryRetention;
    }

    /** When the ended chat's events must be purged (Conversations.end / schedulePurge). */
    Instant transcriptPurgeAfter(OfficeHour officeHour, boolean transcriptConsent, Instant endedAt) {
        if (!transcriptConsent) {
            return endedAt.plus(noConsentGrace);
        }
        int days = officeHour.getRetentionDays() > 0
                ? officeHour.getRetentionDays()
                : OfficeHourValidator.DEFAULT_RETENTION_DAYS;
        return endedAt.plus(Duration.ofDays(days));
    }

    /** When a handled offline message is due for deletion. */
    Instant offlineMessagePurgeAfter(Instant handledAt) {
        return handledAt.plus(offlineMessageRetention);
    }

    /** Cut-off for OfflineMessages.deleteHandledBefore: messages handled before it are due. */
    Instant offlineMessageCutoff(Instant now) {
        return now.minus(offlineMessageRetention);
    }

    /** Cut-off for Queue.deleteEndedBefore. */
    Instant endedQueueEntryCutoff(Instant now) {
        return now.minus(endedQueueEntryRetention);
    }
}
