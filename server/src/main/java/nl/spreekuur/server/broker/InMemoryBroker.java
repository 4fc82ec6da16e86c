package nl.spreekuur.server.broker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node broker. Delivers on one dedicated thread, so publishers never run fan-out code and listeners
 * see the same asynchronous behaviour they would with Redis.
 *
 * <p>Bounded: at most {@code capacity} publications wait for delivery. A publisher beyond that waits until the
 * delivery thread has caught up (backpressure on the worker that published, as a full socket buffer does with Redis)
 * instead of the backlog growing without limit; nothing is dropped. A listener that publishes runs on the delivery
 * thread itself, which never waits for its own backlog: its publications are queued without taking a place, and
 * each delivery makes only a few.
 */
public final class InMemoryBroker implements Broker {
    /** Publications that may wait for delivery before publishers wait too. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final Logger log = LoggerFactory.getLogger(InMemoryBroker.class);
    /** How often a waiting publisher looks whether the broker was closed meanwhile. */
    private static final long CLOSE_CHECK_MILLIS = 100;

    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Semaphore places;
    private volatile Thread deliveryThread;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "broker-memory");
        t.setDaemon(true);
        deliveryThread = t;
        return t;
    });
    private volatile BrokerListener listener;

    public InMemoryBroker() {
        this(DEFAULT_CAPACITY);
    }

    /** A broker whose backlog holds at most {@code capacity} publications of other threads than its own. */
    public InMemoryBroker(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.places = new Semaphore(capacity);
    }

    @Override
    public void start(BrokerListener listener) {
        this.listener = listener;
    }

    @Override
    public void publish(String channel, byte[] payload) {
        if (!channels.contains(channel)) {
            return;
        }
        boolean placed = Thread.currentThread() != deliveryThread;
        if (placed && !takePlace(channel)) {
            return;
        }
        try {
            delivery.execute(() -> {
                try {
                    deliver(channel, payload);
                } finally {
                    if (placed) {
                        places.release();
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            if (placed) {
                places.release();
            }
            log.debug("broker closed; publication on {} dropped", channel);
        }
    }

    /** Waits for a place in the backlog; false if the broker closed (or the thread was interrupted) meanwhile. */
    private boolean takePlace(String channel) {
        try {
            while (!places.tryAcquire(CLOSE_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (delivery.isShutdown()) {
                    log.debug("broker closed; publication on {} dropped", channel);
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.debug("interrupted while the broker was full; publication on {} dropped", channel);
            return false;
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
