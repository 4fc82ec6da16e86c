package nl.spreekuur.server.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.broker.BrokerListener;
import nl.spreekuur.server.broker.InMemoryBroker;

/**
 * An in-memory broker shared by several simulated nodes in one test: every listener that starts it (a node's hub,
 * another node's revocations) receives every publication of the subscribed channels, as with Redis.
 */
public final class SharedBroker implements Broker {
    private final InMemoryBroker inner = new InMemoryBroker();
    private final List<BrokerListener> nodes = new CopyOnWriteArrayList<>();

    public SharedBroker() {
        inner.start(new BrokerListener() {
            @Override
            public void onPublication(String channel, byte[] payload) {
                nodes.forEach(n -> n.onPublication(channel, payload));
            }

            @Override
            public void onReconnected() {
                nodes.forEach(BrokerListener::onReconnected);
            }
        });
    }

    /** Adds a node's listener. */
    @Override
    public void start(BrokerListener listener) {
        nodes.add(listener);
    }

    @Override
    public void publish(String channel, byte[] payload) {
        inner.publish(channel, payload);
    }

    @Override
    public void subscribe(String channel) {
        inner.subscribe(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        inner.unsubscribe(channel);
    }

    @Override
    public boolean isHealthy() {
        return inner.isHealthy();
    }

    @Override
    public void close() {
        inner.close();
    }
}
