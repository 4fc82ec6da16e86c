package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.Test;

/**
 * The closing-time push does not depend on the jobs having run before: the first run after closing time compares
 * with the moment the jobs were made (on a loaded machine the first run can come late: ClosingTimeWebSocketTest
 * failed that way in CI).
 */
class OpeningChangesJobTest {

    @Test
    void theFirstJobRunAfterClosingTimeTellsTheWaitingClient() {
        try (OfficeHourWorld world = new OfficeHourWorld()) {
            RecordingSession pro = world.professional("Anna");
            OfficeHour oh = world.servedBy("inloop", pro);
            RecordingSession client = world.client();
            assertThat(world.join(client, oh, "Sam", "").hasClosesAt()).isTrue();

            world.fx.advanceAndRunJobs(Duration.between(world.fx.clock().instant(),
                    OfficeHourWorld.MONDAY_CLOSING.plusSeconds(1)));

            QueueStatus closed = OfficeHourWorld.status(client, s -> !s.hasClosesAt());
            assertThat(closed.getState()).isEqualTo(QueueState.WAITING);
            assertThat(closed.getEstimatedWaitSeconds()).isEqualTo(-1);
        }
    }
}
