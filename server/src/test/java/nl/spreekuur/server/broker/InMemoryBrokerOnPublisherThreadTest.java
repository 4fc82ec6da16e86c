package nl.spreekuur.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The in-memory broker with channels delivered on the publishing thread (the server's conversation channels): the
 * same contract as every broker, and what delivering on the publisher's thread must keep.
 */
class InMemoryBrokerOnPublisherThreadTest extends BrokerContractTest {
    @Override
    protected Broker newBroker(BrokerListener listener) {
        InMemoryBroker broker = new InMemoryBroker(InMemoryBroker.DEFAULT_CAPACITY, channel -> true);
        broker.start(listener);
        return broker;
    }

    @Test
    void deliversOnThePublishingThreadBeforePublishReturns() {
        List<String> threads = new ArrayList<>();
        try (InMemoryBroker inline = new InMemoryBroker(4, channel -> channel.startsWith("conv:"))) {
            inline.start((channel, payload) -> threads.add(channel + "@" + Thread.currentThread().getName()));
            inline.subscribe("conv:a");
            inline.subscribe("other");
            inline.publish("conv:a", bytes("1"));

            assertThat(threads).containsExactly("conv:a@" + Thread.currentThread().getName());

            // A channel the predicate does not accept still goes through the broker's own thread.
            inline.publish("other", bytes("2"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == 2);
            assertThat(threads.get(1)).isEqualTo("other@broker-memory");
        }
    }

    @Test
    void aListenerPublishingToItsOwnChannelGetsItAfterTheCurrentCallInOrder() {
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicInteger depth = new AtomicInteger();
        try (InMemoryBroker inline = new InMemoryBroker(1, channel -> true)) {
            inline.start((channel, payload) -> {
                String text = new String(payload, StandardCharsets.UTF_8);
                calls.add("start " + text + " depth " + depth.incrementAndGet());
                if (text.equals("1")) {
                    inline.publish(channel, bytes("2"));
                    inline.publish(channel, bytes("3"));
                }
                calls.add("end " + text);
                depth.decrementAndGet();
            });
            inline.subscribe("conv:self");
            inline.publish("conv:self", bytes("1"));

            // Not nested (depth stays 1), in publish order, all done when the outer publish returns.
            assertThat(calls).containsExactly("start 1 depth 1", "end 1", "start 2 depth 1", "end 2",
                    "start 3 depth 1", "end 3");
        }
    }

    @Test
    void callsForOneChannelNeverOverlapAndNothingIsLostUnderConcurrentPublishers() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> delivered = new CopyOnWriteArrayList<>();
        int publishers = 4;
        int each = 2_000;
        try (InMemoryBroker inline = new InMemoryBroker(64, channel -> true)) {
            inline.start((channel, payload) -> {
                mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                delivered.add(new String(payload, StandardCharsets.UTF_8));
                inside.decrementAndGet();
            });
            inline.subscribe("conv:busy");
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                String name = "p" + p;
                Thread thread = new Thread(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < each; i++) {
                        inline.publish("conv:busy", bytes(name + ":" + i));
                    }
                }, name);
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(thread.isAlive()).isFalse();
            }

            assertThat(delivered).hasSize(publishers * each);
            assertThat(mostAtOnce.get()).isEqualTo(1);
            // Each publisher's publications in its own order.
            for (int p = 0; p < publishers; p++) {
                String prefix = "p" + p + ":";
                List<String> own = delivered.stream().filter(s -> s.startsWith(prefix)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    expected.add(prefix + i);
                }
                assertThat(own).isEqualTo(expected);
            }
        }
    }

    @Test
    void aPublisherWaitsWhileTheBacklogIsFullAndTheDeliveringThreadDeliversIt() throws Exception {
        CountDownLatch listenerEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> delivered = new CopyOnWriteArrayList<>();
        try (InMemoryBroker small = new InMemoryBroker(2, channel -> true)) {
            small.start((channel, payload) -> {
                String text = new String(payload, StandardCharsets.UTF_8);
                if (text.equals("1")) {
                    listenerEntered.countDown();
                    awaitQuietly(release);
                }
                delivered.add(text);
            });
            small.subscribe("conv:full");
            Thread first = new Thread(() -> small.publish("conv:full", bytes("1")), "first-publisher");
            first.start();
            assertThat(listenerEntered.await(5, TimeUnit.SECONDS)).isTrue();

            // The first publisher is delivering (held up by the listener): the second's publication waits in the
            // channel's lane and its publish returns; the third finds no place and waits.
            small.publish("conv:full", bytes("2"));
            Thread third = new Thread(() -> small.publish("conv:full", bytes("3")), "third-publisher");
            third.start();
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> third.getState() == Thread.State.TIMED_WAITING);
            assertThat(delivered).isEmpty();

            release.countDown();
            first.join(TimeUnit.SECONDS.toMillis(5));
            third.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(first.isAlive()).isFalse();
            assertThat(third.isAlive()).isFalse();
            assertThat(delivered).containsExactly("1", "2", "3");
        }
    }
}
