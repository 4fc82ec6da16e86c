package nl.spreekuur.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisSettings;
import nl.spreekuur.server.testsupport.RedisProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker contract against a real redis-server, plus what only a networked broker has: reconnects. */
class RedisBrokerTest extends BrokerContractTest {
    private final List<RedisConnector> connectors = new ArrayList<>();

    @Override
    protected Broker newBroker(BrokerListener listener) {
        return newBroker(RedisProcess.shared(), listener, new SimpleMeterRegistry());
    }

    private RedisBroker newBroker(RedisProcess redis, BrokerListener listener, SimpleMeterRegistry metrics) {
        RedisConnector connector = new RedisConnector(RedisSettings.of(redis.url()));
        connectors.add(connector);
        RedisBroker broker = new RedisBroker(connector, metrics, Clock.systemUTC());
        broker.start(listener);
        return broker;
    }

    @AfterEach
    void closeConnectors() {
        connectors.forEach(RedisConnector::close);
    }

    /** UNSUBSCRIBE goes out on the subscription connection, a later PUBLISH on the other: wait for Redis. */
    @Override
    protected void awaitUnsubscribed(Broker broker, String channel) {
        Awaitility.await().until(() -> RedisProcess.shared().subscribers(channel) == 0);
    }

    @Test
    void oneRedisSubscriptionPerChannelPerNodeAndNoneAfterUnsubscribe() {
        broker.subscribe("conv:count");
        broker.subscribe("conv:count");
        assertThat(RedisProcess.shared().subscribers("conv:count")).isEqualTo(1);
        broker.unsubscribe("conv:count");
        Awaitility.await().until(() -> RedisProcess.shared().subscribers("conv:count") == 0);
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
                node.publish("conv:r", bytes("lost while down")); // fails at once, never blocks
                own.relaunch();

                assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("reconnected, subscribers=1");
                Awaitility.await().until(node::isHealthy);
                node.publish("conv:r", bytes("after"));
                assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:r=after");
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
