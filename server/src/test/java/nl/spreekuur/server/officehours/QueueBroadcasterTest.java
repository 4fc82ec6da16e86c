package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.officehours.OfficeHourWorld.status;
import static nl.spreekuur.server.officehours.OfficeHourWorld.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Queue pushes after a connection closed: that connection gets nothing more, every other one goes on. */
class QueueBroadcasterTest {
    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");
    private final RecordingSession bram = world.professional("Bram");

    @Test
    void aClosedConnectionIsNoLongerWatchingOrFollowingAndTheOthersAre() {
        OfficeHour oh = world.servedBy("afsluiten", anna, bram);
        RecordingSession sam = world.client();
        world.join(sam, oh, "Sam", "");
        world.fx.clock().advance(Duration.ofMinutes(1));
        RecordingSession kim = world.client();
        QueueStatus kimsStatus = world.join(kim, oh, "Kim", "");
        assertThat(kimsStatus.getPosition()).as("Sam came first").isEqualTo(2);
        view(anna, v -> v.getWaitingCount() == 2);
        view(bram, v -> v.getWaitingCount() == 2);

        // Bram's and Sam's sockets close; their recordings stay open, so anything still sent to them shows.
        world.fx.forget(bram);
        world.fx.forget(sam);
        bram.drain();
        sam.drain();

        world.fx.clock().advance(Duration.ofMinutes(1));
        world.join(world.client(), oh, "Lou", "");
        world.fx.ok(anna, Requests.urgent(kimsStatus.getQueueEntryId(), true));
        view(anna, v -> v.getWaitingCount() == 3 && v.getWaiting(0).getNickname().equals("Kim"));
        assertThat(status(kim, s -> s.getPosition() == 1)).isNotNull();
        // One more change: once Anna has its view, the refreshes before it have reached every watcher.
        world.fx.ok(anna, Requests.urgent(kimsStatus.getQueueEntryId(), false));
        view(anna, v -> v.getWaitingCount() == 3 && !v.getWaiting(0).getNickname().equals("Kim"));

        assertThat(bram.drain()).noneMatch(ServerMessage::hasQueueView);
        assertThat(sam.drain()).noneMatch(ServerMessage::hasQueueStatus);
    }
}
