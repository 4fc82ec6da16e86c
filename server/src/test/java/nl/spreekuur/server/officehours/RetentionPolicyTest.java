package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.OfficeHour;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant ENDED = Instant.parse("2026-06-01T12:00:00Z");
    private final RetentionPolicy policy = OfficeHoursSettings.defaults().retention();

    @Test
    void consentKeepsTheTranscriptForTheOfficeHoursRetention() {
        OfficeHour week = OfficeHour.newBuilder().setRetentionDays(7).build();
        assertThat(policy.transcriptPurgeAfter(week, true, ENDED)).isEqualTo(Instant.parse("2026-06-08T12:00:00Z"));
        assertThat(policy.transcriptPurgeAfter(OfficeHour.getDefaultInstance(), true, ENDED))
                .as("default 30 days").isEqualTo(Instant.parse("2026-07-01T12:00:00Z"));
    }

    @Test
    void withoutConsentOnlyAShortGrace() {
        OfficeHour week = OfficeHour.newBuilder().setRetentionDays(7).build();
        assertThat(policy.transcriptPurgeAfter(week, false, ENDED)).isEqualTo(Instant.parse("2026-06-01T12:10:00Z"));
        RetentionPolicy strict = new RetentionPolicy(Duration.ofMinutes(2), Duration.ofDays(14), Duration.ZERO);
        assertThat(strict.transcriptPurgeAfter(week, false, ENDED)).isEqualTo(Instant.parse("2026-06-01T12:02:00Z"));
    }

    @Test
    void handledOfflineMessagesAndEndedQueueEntries() {
        assertThat(policy.offlineMessagePurgeAfter(ENDED)).isEqualTo(Instant.parse("2026-07-01T12:00:00Z"));
        assertThat(policy.offlineMessageCutoff(Instant.parse("2026-07-01T12:00:00Z"))).isEqualTo(ENDED);
        assertThat(policy.endedQueueEntryCutoff(ENDED)).isEqualTo(Instant.parse("2026-06-01T11:00:00Z"));
        RetentionPolicy strict = new RetentionPolicy(Duration.ofMinutes(2), Duration.ofDays(14), Duration.ZERO);
        assertThat(strict.offlineMessagePurgeAfter(ENDED)).isEqualTo(Instant.parse("2026-06-15T12:00:00Z"));
        assertThat(strict.endedQueueEntryCutoff(ENDED)).isEqualTo(ENDED);
    }

    @Test
    void negativePeriodsAreRefused() {
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofMinutes(-1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
