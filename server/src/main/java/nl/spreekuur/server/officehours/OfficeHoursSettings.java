package nl.spreekuur.server.officehours;

import java.time.Duration;
import java.util.Objects;
import nl.spreekuur.server.officehours.queue.Admission;
import nl.spreekuur.server.officehours.queue.WaitEstimator;

/**
 * The deployment-wide tunables of office hours. The server builds them from the {@code officehours.*}
 * configuration keys ({@code ConfigKey}); {@link #defaults()} holds the same defaults for tests and a test keeps
 * the two equal. Per-office-hour settings (grace, retention days, maximum chats) live in the OfficeHour
 * definition instead.
 *
 * @param noConsentGrace           how long a transcript without consent stays readable after the chat ended
 * @param offlineMessageRetention  how long a handled offline message is kept
 * @param endedQueueEntryRetention how long an ended queue entry (nickname, first question) is kept
 * @param staffOffDutyGrace        how long a professional on duty may have no connection before going off duty
 * @param minimumChatTime          room for chat that must be left before closing for a client to be admitted
 * @param pickUpTime               how long a professional takes to notice and claim a client with a free slot
 */
public record OfficeHoursSettings(Duration noConsentGrace, Duration offlineMessageRetention,
                                  Duration endedQueueEntryRetention, Duration staffOffDutyGrace,
                                  Duration minimumChatTime, Duration pickUpTime) {

    static final Duration DEFAULT_NO_CONSENT_GRACE = Duration.ofMinutes(10);
    static final Duration DEFAULT_OFFLINE_MESSAGE_RETENTION = Duration.ofDays(30);
    static final Duration DEFAULT_ENDED_QUEUE_ENTRY_RETENTION = Duration.ofHours(1);
    /**
     * Longer than a browser restart and a new login (duty belongs to the account, not to one login), short enough
     * that nobody waits long in vain.
     */
    static final Duration DEFAULT_STAFF_OFF_DUTY_GRACE = Duration.ofMinutes(10);
    static final Duration DEFAULT_MINIMUM_CHAT_TIME = Duration.ofMinutes(5);
    static final Duration DEFAULT_PICK_UP_TIME = Duration.ofMinutes(1);

    public OfficeHoursSettings {
        for (Duration d : new Duration[] {noConsentGrace, offlineMessageRetention, endedQueueEntryRetention,
                staffOffDutyGrace, minimumChatTime, pickUpTime}) {
            if (Objects.requireNonNull(d, "office-hour settings must all be set").isNegative()) {
                throw new IllegalArgumentException("office-hour durations must not be negative");
            }
        }
    }

    public static OfficeHoursSettings defaults() {
        return new OfficeHoursSettings(DEFAULT_NO_CONSENT_GRACE, DEFAULT_OFFLINE_MESSAGE_RETENTION,
                DEFAULT_ENDED_QUEUE_ENTRY_RETENTION, DEFAULT_STAFF_OFF_DUTY_GRACE, DEFAULT_MINIMUM_CHAT_TIME,
                DEFAULT_PICK_UP_TIME);
    }

    RetentionPolicy retention() {
        return new RetentionPolicy(noConsentGrace, offlineMessageRetention, endedQueueEntryRetention);
    }

    Admission admission() {
        return new Admission(new WaitEstimator(pickUpTime), minimumChatTime);
    }
}
