package nl.spreekuur.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker contract on a Redis of some shape (one server, a cluster): brokers on connections of their own, closed
 * after each test, and one Redis subscription per channel and node whatever the number of local subscribers.
 */
abstract class RedisBrokerContractTest extends BrokerContractTest {
    private final List<RedisConnector> connectors = new ArrayList<>();

    /** How to reach the shared test Redis. */
    protected abstract RedisSettings sharedRedis();

    /** How many Redis subscriptions the channel has there now (plain or sharded). */
    protected abstract long subscribers(String channel);

    @Override
    protected Broker newBroker(BrokerListener listener) {
        return newBroker(sharedRedis(), listener, new SimpleMeterRegistry());
    }

    /** A started broker on a connection of its own to that Redis. */
    protected RedisBroker newBroker(RedisSettings settings, BrokerListener listener, SimpleMeterRegistry metrics) {
        RedisConnector connector = new RedisConnector(settings);
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
        Awaitility.await().until(() -> subscribers(channel) == 0);
    }

    @Test
    void oneRedisSubscriptionPerChannelPerNodeAndNoneAfterUnsubscribe() {
        broker.subscribe("conv:count");
        broker.subscribe("conv:count");
        assertThat(subscribers("conv:count")).isEqualTo(1);
        broker.unsubscribe("conv:count");
        Awaitility.await().until(() -> subscribers("conv:count") == 0);
    }
}
