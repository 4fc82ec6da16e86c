package nl.spreekuur.server.broker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node broker. Delivers on one dedicated thread, so publishers never run fan-out code and listeners
 * see the same asynchronous behaviour they would with Redis.
 */
public final class InMemoryBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(InMemoryBroker.class);

    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "broker-memory");
        t.setDaemon(true);
        return t;
    });
    private volatile BrokerListener listener;

    @Override
    public void start(BrokerListener listener) {
        this.listener = listener;
    }

    @Override
    public void publish(String channel, byte[] payload) {
        if (!channels.contains(channel)) {
            return;
        }
        try {
            delivery.execute(() -> deliver(channel, payload));
        } catch (RejectedExecutionException closed) {
            log.debug("broker closed; publication on {} dropped", channel);
        }
    }

    private void deliver(String channel, byte[] payload) {
        BrokerListener target = listener;
        if (target == null || !channels.contains(channel)) {
            return;
        }
        try {
            target.onPublication(channel, payload);
        } catch (RuntimeException e) {
            log.warn("listener failed for channel {}: {}", channel, e.toString());
        }
    }

    @Override
    public void subscribe(String channel) {
        channels.add(channel);
    }

    @Override
    public void unsubscribe(String channel) {
        channels.remove(channel);
    }

    @Override
    public boolean isHealthy() {
        return !delivery.isShutdown();
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
