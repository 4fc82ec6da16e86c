package nl.spreekuur.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class InMemoryBrokerTest extends BrokerContractTest {
    @Override
    protected Broker newBroker(BrokerListener listener) {
        InMemoryBroker broker = new InMemoryBroker();
        broker.start(listener);
        return broker;
    }

    @Test
    void aPublisherWaitsWhileTheBacklogIsFullAndNothingIsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (InMemoryBroker small = new InMemoryBroker(2)) {
            small.start((channel, payload) -> {
                awaitQuietly(release);
                delivered.add(new String(payload, StandardCharsets.UTF_8));
            });
            small.subscribe("conv:full");
            small.publish("conv:full", bytes("1"));
            small.publish("conv:full", bytes("2"));
            Thread third = new Thread(() -> small.publish("conv:full", bytes("3")), "third-publisher");
            third.start();

            // The first is being delivered (held up by the listener), the second waits: the third must wait too.
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> third.getState() == Thread.State.TIMED_WAITING);
            assertThat(third.isAlive()).isTrue();
            assertThat(delivered).isEmpty();

            release.countDown();
            third.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(third.isAlive()).isFalse();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 3);
            assertThat(delivered).containsExactly("1", "2", "3");
        }
    }

    @Test
    void aListenerThatPublishesNeverWaitsForItsOwnBacklog() throws Exception {
        BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
        try (InMemoryBroker small = new InMemoryBroker(1)) {
            small.start((channel, payload) -> {
                delivered.add(channel);
                if (channel.equals("conv:first")) {
                    // The one place is still taken by the publication being delivered.
                    small.publish("conv:second", bytes("from the listener"));
                }
            });
            small.subscribe("conv:first");
            small.subscribe("conv:second");
            small.publish("conv:first", bytes("from outside"));

            assertThat(delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:first");
            assertThat(delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:second");
        }
    }

    @Test
    void aPublisherWaitingForAPlaceGivesUpWhenTheBrokerCloses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        InMemoryBroker small = new InMemoryBroker(1);
        small.start((channel, payload) -> awaitQuietly(release));
        small.subscribe("conv:closing");
        small.publish("conv:closing", bytes("1"));
        Thread second = new Thread(() -> small.publish("conv:closing", bytes("2")), "second-publisher");
        second.start();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> second.getState() == Thread.State.TIMED_WAITING);

        // Closing while the first is still being delivered: the waiting publisher stops waiting, nothing delivers.
        Thread closer = new Thread(small::close, "closer");
        closer.start();
        second.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(second.isAlive()).isFalse();
        assertThat(small.isHealthy()).isFalse();
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InMemoryBroker(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
