package nl.spreekuur.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.redis.RedisSettings;
import nl.spreekuur.server.testsupport.RedisProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The broker contract against a real redis-server, plus what only a networked broker has: reconnects. */
class RedisBrokerTest extends RedisBrokerContractTest {

    @Override
    protected RedisSettings sharedRedis() {
        return RedisSettings.of(RedisProcess.shared().url());
    }

    @Override
    protected long subscribers(String channel) {
        return RedisProcess.shared().subscribers(channel);
    }

    private RedisBroker newBroker(RedisProcess redis, BrokerListener listener, SimpleMeterRegistry metrics) {
        return newBroker(RedisSettings.of(redis.url()), listener, metrics);
    }

    /** The session revocations call Redis synchronously from the callback: never on a Lettuce I/O thread. */
    @Test
    void deliversOnItsOwnThreadWhereAListenerMayCallRedis() throws Exception {
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        Broker b = newBroker((channel, payload) -> threads.add(Thread.currentThread().getName()));
        try {
            b.subscribe("conv:thread");
            b.publish("conv:thread", bytes("x"));
            assertThat(threads.poll(5, TimeUnit.SECONDS)).isEqualTo(RedisBroker.DELIVERY_THREAD);
        } finally {
            b.close();
        }
    }

    @Test
    void twoNodesSeeEachOthersPublications() throws Exception {
        BlockingQueue<String> atB = new LinkedBlockingQueue<>();
        Broker b = newBroker((channel, payload) -> atB.add(channel + "=" + new String(payload)));
        try {
            b.subscribe("conv:both");
            broker.subscribe("conv:both");
            broker.publish("conv:both", bytes("from a"));
            assertThat(atB.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:both=from a");
            assertThat(take()).isEqualTo(new Received("conv:both", "from a"));
        } finally {
            b.close();
        }
    }

    /**
     * Redis refuses this node's publications (here: its ACL user loses PUBLISH) while every node stays connected: the
     * publications are kept and, once Redis takes them again, reach the other node, in their order.
     */
    @Test
    void aPublicationThatFailedWhileTheOtherNodesStayedConnectedIsSentAgainInOrder() throws Exception {
        try (RedisProcess own = RedisProcess.start()) {
            assertThat(own.command("ACL SETUSER node-a on >secret-a ~* &* +@all -publish")).startsWith("+OK");
            SimpleMeterRegistry metricsA = new SimpleMeterRegistry();
            RedisBroker nodeA = newBroker(RedisSettings.of("redis://node-a:secret-a@127.0.0.1:" + own.port()),
                    (channel, payload) -> { }, metricsA);
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            RedisBroker nodeB = newBroker(own, (channel, payload) -> atB.add(channel + "=" + new String(payload)),
                    new SimpleMeterRegistry());
            try {
                nodeB.subscribe("conv:r");
                nodeA.publish("conv:r", bytes("1"));
                nodeA.publish("conv:r", bytes("2"));
                Awaitility.await().until(() ->
                        metricsA.get("spreekuur.broker.publish.failures").counter().count() >= 1.0);
                nodeA.publish("conv:r", bytes("3"));
                assertThat(atB.poll(300, TimeUnit.MILLISECONDS)).as("nothing while Redis refuses").isNull();

                assertThat(own.command("ACL SETUSER node-a +publish")).startsWith("+OK");
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    got.add(atB.poll(5, TimeUnit.SECONDS));
                }
                assertThat(got).containsExactly("conv:r=1", "conv:r=2", "conv:r=3");
                assertThat(metricsA.get("spreekuur.broker.republished").counter().count()).isGreaterThanOrEqualTo(3.0);
                nodeA.publish("conv:r", bytes("4"));
                assertThat(atB.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:r=4");
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    @Test
    void afterARedisRestartItResubscribesAndThenAsksForABackfill() throws Exception {
        try (RedisProcess own = RedisProcess.start()) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            RedisBroker node = newBroker(own, new BrokerListener() {
                @Override
                public void onPublication(String channel, byte[] payload) {
                    events.add(channel + "=" + new String(payload));
                }

                @Override
                public void onReconnected() {
                    // the subscription must already be effective when the node is told to backfill
                    events.add("reconnected, subscribers=" + own.subscribers("conv:r"));
                }
            }, metrics);
            try {
                node.subscribe("conv:r");
                own.kill();
                Awaitility.await().until(() -> !node.isHealthy());
                node.publish("conv:r", bytes("failed while down")); // fails at once, never blocks; kept
                own.relaunch();

                assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("reconnected, subscribers=1");
                Awaitility.await().until(node::isHealthy);
                node.publish("conv:r", bytes("after"));
                // the failed one is sent again first (this node itself sees it only if its re-subscription was
                // already effective: the backfill covers it either way)
                List<String> next = new ArrayList<>();
                while (!next.contains("conv:r=after")) {
                    String event = events.poll(5, TimeUnit.SECONDS);
                    assertThat(event).as("after %s", next).isNotNull();
                    next.add(event);
                }
                assertThat(next).isIn(List.of("conv:r=after"), List.of("conv:r=failed while down", "conv:r=after"));
                assertThat(metrics.get("spreekuur.broker.reconnects").counter().count()).isEqualTo(1.0);
                assertThat(metrics.get("spreekuur.broker.resyncs").counter().count()).isEqualTo(1.0);
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                        metrics.get("spreekuur.broker.publish.failures").counter().count() >= 1.0);
                assertThat(metrics.get("spreekuur.broker.subscriptions").gauge().value()).isEqualTo(1.0);
            } finally {
                node.close();
            }
        }
    }
}
