package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.store.Queue;
import org.junit.jupiter.api.Test;

/** The shorter reconnect grace of a long queue, as a pure rule. */
class QueueFloodGuardTest {
    private static final Duration OFFICE_HOUR_GRACE = Duration.ofSeconds(120);
    private final QueueFloodGuard guard = new QueueFloodGuard(null, ServerConfig.fromValues(Map.of(
            "officehours.long-queue-length", "10", "officehours.long-queue-grace-seconds", "30")).limits(),
            Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());

    private static Queue.Entry entry(QueueState state, Instant claimedAt, boolean returnedByTransfer) {
        return new Queue.Entry("e", "oh", "org", null, "p", "Sam", "", false, state, Instant.EPOCH, claimedAt,
                null, null, returnedByTransfer, Instant.EPOCH);
    }

    @Test
    void aNeverServedWaitingClientOfALongQueueGetsTheShorterGrace() {
        Queue.Entry waiting = entry(QueueState.WAITING, null, false);
        assertThat(guard.reconnectGrace(OFFICE_HOUR_GRACE, waiting, 9)).as("short queue").isEqualTo(OFFICE_HOUR_GRACE);
        assertThat(guard.reconnectGrace(OFFICE_HOUR_GRACE, waiting, 10)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void whoWasServedOrHandedBackOrIsInAChatKeepsTheOfficeHoursGrace() {
        assertThat(guard.reconnectGrace(OFFICE_HOUR_GRACE, entry(QueueState.IN_CHAT, Instant.EPOCH, false), 50))
                .isEqualTo(OFFICE_HOUR_GRACE);
        assertThat(guard.reconnectGrace(OFFICE_HOUR_GRACE, entry(QueueState.WAITING, Instant.EPOCH, false), 50))
                .isEqualTo(OFFICE_HOUR_GRACE);
        assertThat(guard.reconnectGrace(OFFICE_HOUR_GRACE, entry(QueueState.WAITING, null, true), 50))
                .isEqualTo(OFFICE_HOUR_GRACE);
    }

    @Test
    void anOfficeHoursOwnGraceThatIsShorterStays() {
        Duration shortGrace = Duration.ofSeconds(20);
        assertThat(guard.reconnectGrace(shortGrace, entry(QueueState.WAITING, null, false), 50)).isEqualTo(shortGrace);
        assertThat(guard.shortestGrace(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(guard.shortestGrace(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(30));
    }
}
