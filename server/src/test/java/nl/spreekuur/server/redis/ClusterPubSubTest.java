package nl.spreekuur.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.spreekuur.server.testsupport.RedisClusterProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The cluster links' own view of the connections: a topology refresh (short-lived connections to every master,
 * closed on purpose) is neither an outage nor a reconnect; a master that restarts is both, and then over.
 */
class ClusterPubSubTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Recorder implements RedisPubSub.Receiver {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final AtomicInteger reconnects = new AtomicInteger();

        @Override
        public void message(byte[] channel, byte[] payload) {
            messages.add(new String(channel, StandardCharsets.UTF_8) + "=" + new String(payload,
                    StandardCharsets.UTF_8));
        }

        @Override
        public void reconnected() {
            reconnects.incrementAndGet();
        }

        @Override
        public void disconnected() {
        }
    }

    @Test
    void topologyRefreshesAreNoOutageAndAMasterRestartIsOneThatEnds() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start();
             RedisConnector connector = new RedisConnector(RedisSettings.cluster(cluster.seeds()))) {
            Recorder recorder = new Recorder();
            RedisPubSub links = connector.connectPubSub(recorder);
            try {
                assertThat(links.isOpen()).as("open from the start: every master's connections are there").isTrue();
                for (int i = 0; i < 12; i++) {
                    links.subscribe(bytes("conv:c-" + i));
                }
                for (int i = 0; i < 3; i++) {
                    connector.refreshTopology();
                }
                links.publish(bytes("conv:c-0"), bytes("after refreshes")).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                assertThat(recorder.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:c-0=after refreshes");
                assertThat(links.isOpen()).as("refresh connections closed on purpose are no outage").isTrue();
                assertThat(recorder.reconnects).as("and no reconnect").hasValue(0);

                cluster.kill(1);
                for (int i = 0; i < 12; i++) {
                    links.publish(bytes("conv:c-" + i), bytes("while down"));
                }
                Awaitility.await("a connection to the killed master reconnecting").atMost(Duration.ofSeconds(10))
                        .until(() -> !links.isOpen());
                cluster.restart(1);
                Awaitility.await("reported as a reconnect").atMost(Duration.ofSeconds(20))
                        .until(() -> recorder.reconnects.get() >= 1);
                Awaitility.await("open again").atMost(Duration.ofSeconds(30)).until(links::isOpen);

                // A reconnect attempt that ends on another address (the default connection goes to any node) leaves
                // the attempted address without an activation: readiness must not hang on it.
                InetSocketAddress master = new InetSocketAddress("127.0.0.1", cluster.port(2));
                connector.eventBus().publish(new ReconnectAttemptEvent(new InetSocketAddress("127.0.0.1", 1), master,
                        1));
                Awaitility.await("every connection is open, whatever attempts went unanswered")
                        .during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(links::isOpen);
            } finally {
                links.close();
            }
        }
    }
}
