package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import nl.spreekuur.server.metrics.ServerMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a connection is known by: an id that is a random (version 4) UUID, different for every connection. */
class WsConnectionTest {
    private final ServerMetrics metrics = new ServerMetrics();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    @Test
    void everyConnectionHasItsOwnRandomUuid() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            WsConnection connection = new WsConnection(new EmbeddedChannel(), WireEncoding.PROTOBUF, 10, 1 << 16,
                    metrics, Duration.ofSeconds(3));
            UUID id = UUID.fromString(connection.id());
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(id.toString()).isEqualTo(connection.id());
            ids.add(connection.id());
        }
        assertThat(ids).hasSize(1_000);
    }
}
