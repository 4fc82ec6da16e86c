package nl.spreekuur.server.broker;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-node broker, in two ways of delivering, chosen per channel when it is made:
 * <ul>
 *   <li><b>On the publishing thread</b> for the channels {@code onPublisherThread} accepts, as Centrifuge's memory
 *       broker does: no hand-off per publication. Meant for channels whose listener only hands messages on without
 *       taking a lock a publisher might hold (the conversation channels: subscriptions and outboxes), because the
 *       publisher runs the listener while it holds whatever it holds.</li>
 *   <li><b>On one dedicated thread</b> for every other channel, so a publisher never runs their listeners.</li>
 * </ul>
 * Either way the {@link BrokerListener} contract holds: calls for one channel arrive in publish order and never
 * concurrently. Each channel has a lane; a publisher adds to it and, if nobody is delivering from it, delivers what it
 * holds (its own publication and any others added meanwhile); a publisher that finds the lane busy leaves its
 * publication to the thread that delivers from it. A listener that publishes to the channel it is called for
 * therefore adds to the lane and returns; its publication comes next.
 *
 * <p>Bounded: at most {@code capacity} publications wait for delivery. A publisher beyond that waits until
 * deliveries catch up (backpressure on the thread that published, as a full socket buffer does with Redis) instead of
 * the backlog growing without limit; nothing is dropped. A thread that is delivering (a listener that publishes)
 * never waits: its publications are added without taking a place, and each delivery makes only a few.
 */
public final class InMemoryBroker implements Broker {
    /** Publications that may wait for delivery before publishers wait too. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final Logger log = LoggerFactory.getLogger(InMemoryBroker.class);
    /** How often a waiting publisher looks whether the broker was closed meanwhile. */
    private static final long CLOSE_CHECK_MILLIS = 100;
    /** True on a thread while it delivers (on any lane): its own publications never wait for a place. */
    private static final ThreadLocal<Boolean> DELIVERING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private record Publication(byte[] payload, boolean placed) {
    }

    /** One channel's publications waiting for delivery, and whether a thread is delivering from them. */
    private static final class Lane {
        final Queue<Publication> waiting = new ConcurrentLinkedQueue<>();
        final AtomicBoolean delivering = new AtomicBoolean();
        final boolean onPublisherThread;

        Lane(boolean onPublisherThread) {
            this.onPublisherThread = onPublisherThread;
        }
    }

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Predicate<String> onPublisherThread;
    private final Semaphore places;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "broker-memory");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile BrokerListener listener;

    /** Every channel delivered on the broker's own thread. */
    public InMemoryBroker() {
        this(DEFAULT_CAPACITY, channel -> false);
    }

    /** Every channel delivered on the broker's own thread; at most {@code capacity} publications wait. */
    public InMemoryBroker(int capacity) {
        this(capacity, channel -> false);
    }

    /**
     * @param capacity          publications that may wait for delivery (of other threads than delivering ones)
     * @param onPublisherThread the channels delivered on the publishing thread (see the class comment)
     */
    public InMemoryBroker(int capacity, Predicate<String> onPublisherThread) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.places = new Semaphore(capacity);
        this.onPublisherThread = onPublisherThread;
    }

    @Override
    public void start(BrokerListener listener) {
        this.listener = listener;
    }

    @Override
    public void publish(String channel, byte[] payload) {
        Lane lane = lanes.get(channel);
        if (lane == null || closed) {
            return;
        }
        boolean placed = !DELIVERING.get();
        if (placed && !takePlace(channel)) {
            return;
        }
        lane.waiting.add(new Publication(payload, placed));
        if (lane.onPublisherThread) {
            deliverWaiting(channel, lane);
            return;
        }
        try {
            delivery.execute(() -> deliverWaiting(channel, lane));
        } catch (RejectedExecutionException stopped) {
            log.debug("broker closed; publication on {} dropped", channel);
        }
    }

    /** Waits for a place in the backlog; false if the broker closed (or the thread was interrupted) meanwhile. */
    private boolean takePlace(String channel) {
        try {
            while (!places.tryAcquire(CLOSE_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
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

    /** Delivers what waits in the lane unless another thread already does (then it delivers ours too). */
    private void deliverWaiting(String channel, Lane lane) {
        while (lane.delivering.compareAndSet(false, true)) {
            boolean outermost = !DELIVERING.get();
            DELIVERING.set(Boolean.TRUE);
            try {
                Publication next;
                while ((next = lane.waiting.poll()) != null) {
                    try {
                        deliver(channel, next.payload());
                    } finally {
                        if (next.placed()) {
                            places.release();
                        }
                    }
                }
            } finally {
                if (outermost) {
                    DELIVERING.set(Boolean.FALSE);
                }
                lane.delivering.set(false);
            }
            // A publication added after our last poll found the lane busy and relies on this look.
            if (lane.waiting.isEmpty()) {
                return;
            }
        }
    }

    private void deliver(String channel, byte[] payload) {
        BrokerListener target = listener;
        if (target == null || closed || !lanes.containsKey(channel)) {
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
        lanes.computeIfAbsent(channel, c -> new Lane(onPublisherThread.test(c)));
    }

    @Override
    public void unsubscribe(String channel) {
        lanes.remove(channel);
    }

    @Override
    public boolean isHealthy() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        delivery.shutdown();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
