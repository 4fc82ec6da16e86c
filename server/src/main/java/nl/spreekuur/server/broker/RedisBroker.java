package nl.spreekuur.server.broker;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.spreekuur.server.logging.RepeatedLog;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisPubSub;
import nl.spreekuur.server.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The broker between nodes, on Redis pub/sub through Lettuce ({@link RedisPubSub}). Two links to Redis per node:
 * one publishes (each publication is one {@code PUBLISH}, on a Redis Cluster one sharded {@code SPUBLISH} to the
 * master of the channel's slot; the payload the bytes the caller gave: an encoded protobuf), one holds this node's
 * subscriptions: one Redis subscription ({@code SUBSCRIBE}, on a cluster {@code SSUBSCRIBE}) per channel this node
 * has local interest in (the {@code Hub} counts local holders and subscribes on the first, unsubscribes after the
 * last), never one per connection and never a pattern subscription.
 *
 * <p>Pub/sub is the fast wake-up, not the truth. When the subscription connection comes back after a drop (Redis
 * restarted, network; on a cluster: the connection to any master), publications of the outage are gone: the broker
 * subscribes every wanted channel again, waits until Redis confirmed them, and only then calls
 * {@link BrokerListener#onReconnected()}, on which every subscription backfills from the store. Publications received from then on are effective, so nothing falls
 * between the backfill's read and the live stream.
 *
 * <p>Publications are delivered on one thread of the broker's own ({@value #DELIVERY_THREAD}), in the order Redis
 * sent them, never concurrently, and never on Lettuce's I/O threads (a listener that calls Redis synchronously
 * would otherwise wait on the thread that has to read the answer). Listeners do not block for long (see
 * {@link BrokerListener}).
 */
public final class RedisBroker implements Broker {
    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
    static final String DELIVERY_THREAD = "broker-redis-delivery";
    /** How often failed publications are tried again. */
    static final Duration RETRY_INTERVAL = Duration.ofMillis(250);

    private final RedisPubSub links;
    private final Duration timeout;
    /** The channels this node wants (what it re-subscribes after a reconnect). */
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    /** Channels whose UNSUBSCRIBE failed (disconnected): Lettuce may re-subscribe them, so they are sent again. */
    private final Set<String> unsubscribeAgain = ConcurrentHashMap.newKeySet();
    private final ExecutorService resubscriber = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "broker-redis-resubscribe");
        t.setDaemon(true);
        return t;
    });
    /**
     * Delivers to the listener, one publication after the other, off Lettuce's I/O threads: a listener may then call
     * Redis synchronously (the session revocations do) without waiting on the very thread that reads the answer.
     */
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, DELIVERY_THREAD);
        t.setDaemon(true);
        return t;
    });
    private final RepeatedLog publishFailureLog;
    private final Counter published;
    private final Counter publishFailures;
    private final Counter received;
    private final Counter reconnects;
    private final Counter resyncs;
    private final Counter republished;
    private final FailedPublications failed;
    /** Held while handing publications to Lettuce (never blocks: async), so retried ones keep their place. */
    private final Object order = new Object();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-redis-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile BrokerListener listener;
    private volatile boolean closed;
    /** The newest publication's answer: Redis answers in order, so it completing means every earlier one did. */
    private volatile CompletableFuture<?> lastPublish = CompletableFuture.completedFuture(null);

    /**
     * Opens both connections. Throws if Redis cannot be reached now (the node does not start without it).
     *
     * @param connector the node's Lettuce client (not closed by the broker)
     */
    public RedisBroker(RedisConnector connector, MeterRegistry metrics, Clock clock) {
        this.timeout = connector.settings().commandTimeout();
        this.publishFailureLog = new RepeatedLog(log, Level.WARN, Duration.ofSeconds(10), clock);
        this.published = Counter.builder("spreekuur.broker.published")
                .description("publications sent to Redis").register(metrics);
        this.publishFailures = Counter.builder("spreekuur.broker.publish.failures")
                .description("publications Redis did not take (disconnected, timeout, refused); kept and sent again")
                .register(metrics);
        this.received = Counter.builder("spreekuur.broker.received")
                .description("publications received from Redis").register(metrics);
        this.reconnects = Counter.builder("spreekuur.broker.reconnects")
                .description("times the subscription connection to Redis came back after a drop").register(metrics);
        this.resyncs = Counter.builder("spreekuur.broker.resyncs")
                .description("backfills of every subscription after a reconnect").register(metrics);
        this.republished = Counter.builder("spreekuur.broker.republished")
                .description("failed publications sent again").register(metrics);
        this.failed = new FailedPublications(clock);
        Gauge.builder("spreekuur.broker.publish.waiting", failed, FailedPublications::size)
                .description("failed publications waiting to be sent again").register(metrics);
        FunctionCounter.builder("spreekuur.broker.publish.dropped", failed, FailedPublications::dropped)
                .description("failed publications given up (older than 10 s, or more than 10,000 waiting)")
                .register(metrics);
        Gauge.builder("spreekuur.broker.subscriptions", channels, Set::size)
                .description("Redis channels this node is subscribed to").register(metrics);
        Gauge.builder("spreekuur.broker.connected", this, b -> b.isHealthy() ? 1 : 0)
                .description("1 while both connections to Redis are up").register(metrics);
        this.links = connector.connectPubSub(new RedisPubSub.Receiver() {
            @Override
            public void message(byte[] channel, byte[] payload) {
                deliver(channel, payload);
            }

            @Override
            public void reconnected() {
                RedisBroker.this.reconnected();
            }

            @Override
            public void disconnected() {
                if (!closed) {
                    log.warn("subscription connection to Redis lost; reconnecting");
                }
            }
        });
        retries.scheduleWithFixedDelay(this::retryFailed, RETRY_INTERVAL.toMillis(), RETRY_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void start(BrokerListener listener) {
        this.listener = listener;
    }

    /**
     * One publication, async. One that Redis does not take is kept and sent again (in order, while this node's link
     * is up, every {@link #RETRY_INTERVAL}); while any wait, new ones queue behind them (see
     * {@link FailedPublications}).
     */
    @Override
    public void publish(String channel, byte[] payload) {
        published.increment();
        synchronized (order) {
            if (!failed.queueIfWaiting(channel, payload)) {
                send(channel, payload);
            }
        }
    }

    private void send(String channel, byte[] payload) {
        try {
            lastPublish = links.publish(bytes(channel), payload).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    publishFailed(channel, payload, failure);
                }
            }).toCompletableFuture();
        } catch (RuntimeException e) {
            publishFailed(channel, payload, e);
        }
    }

    private void publishFailed(String channel, byte[] payload, Throwable failure) {
        publishFailures.increment();
        if (!closed) {
            failed.add(channel, payload);
            publishFailureLog.log("publish to Redis failed: {}; sent again when Redis takes it",
                    failure.getClass().getSimpleName());
        }
    }

    /** On the retry thread: sends what failed, in order, while the links are up. */
    private void retryFailed() {
        if (closed || failed.size() == 0 || !links.isOpen()) {
            return;
        }
        synchronized (order) {
            for (FailedPublications.Publication p : failed.takeAll()) {
                republished.increment();
                send(p.channel(), p.payload());
            }
        }
    }

    /**
     * Blocks until Redis confirmed the subscription (at most the command timeout).
     *
     * @throws RedisUnavailableException when Redis did not confirm it (not connected, timeout)
     */
    @Override
    public void subscribe(String channel) {
        channels.add(channel);
        unsubscribeAgain.remove(channel);
        try {
            links.subscribe(bytes(channel));
        } catch (RedisException e) {
            channels.remove(channel);
            throw new RedisUnavailableException("SUBSCRIBE", e);
        } catch (RuntimeException e) {
            channels.remove(channel);
            throw e;
        }
    }

    @Override
    public void unsubscribe(String channel) {
        if (!channels.remove(channel)) {
            return;
        }
        try {
            links.unsubscribeAsync(bytes(channel)).whenComplete((ok, failure) -> {
                if (failure != null && !channels.contains(channel)) {
                    unsubscribeAgain.add(channel);
                }
            });
        } catch (RuntimeException e) {
            unsubscribeAgain.add(channel);
        }
    }

    @Override
    public boolean isHealthy() {
        return !closed && links.isOpen();
    }

    /** The channels this node is subscribed to (for tests and diagnostics). */
    public Set<String> channels() {
        return Set.copyOf(channels);
    }

    /** Called on Lettuce's I/O thread: hands the publication to the delivery thread. */
    private void deliver(byte[] channel, byte[] payload) {
        received.increment();
        try {
            delivery.execute(() -> deliverNow(new String(channel, StandardCharsets.UTF_8), payload));
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    private void deliverNow(String channel, byte[] payload) {
        BrokerListener target = listener;
        if (target == null) {
            return;
        }
        try {
            target.onPublication(channel, payload);
        } catch (RuntimeException e) {
            log.warn("listener failed for channel {}: {}", channel, e.toString());
        }
    }

    /** The subscription connection is up again (called on Lettuce's I/O thread: hand off, never block it). */
    private void reconnected() {
        if (closed) {
            return;
        }
        try {
            resubscriber.execute(this::resubscribeAndResync);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void resubscribeAndResync() {
        if (closed) {
            return;
        }
        reconnects.increment();
        List<CompletableFuture<Void>> confirmations = new ArrayList<>();
        try {
            for (String channel : channels) {
                confirmations.add(links.subscribeAsync(bytes(channel)).toCompletableFuture());
            }
            for (String channel : unsubscribeAgain) {
                if (!channels.contains(channel)) {
                    links.unsubscribeAsync(bytes(channel));
                }
                unsubscribeAgain.remove(channel);
            }
            CompletableFuture.allOf(confirmations.toArray(new CompletableFuture<?>[0]))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Redis did not confirm {} re-subscriptions in time; waiting for the next reconnect",
                    confirmations.size());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RuntimeException e) {
            log.warn("re-subscribing after a reconnect failed: {}; waiting for the next reconnect",
                    (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e).getClass()
                            .getSimpleName());
            return;
        }
        log.info("reconnected to Redis; {} channels re-subscribed, backfilling from the store", channels.size());
        resyncs.increment();
        try {
            delivery.execute(this::resyncNow);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    /** On the delivery thread, so it keeps its place among the publications. */
    private void resyncNow() {
        BrokerListener target = listener;
        if (target != null) {
            try {
                target.onReconnected();
            } catch (RuntimeException e) {
                log.warn("listener failed on reconnect: {}", e.toString());
            }
        }
    }

    private static byte[] bytes(String channel) {
        return channel.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits (at most the command timeout) until Redis answered every publication made so far, then closes: the
     * last publications of a draining node (its connections' departures) still reach the other nodes.
     */
    @Override
    public void close() {
        try {
            lastPublish.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // failed or unanswered: counted as a publish failure; subscribers catch up from the store
        }
        closed = true;
        retries.shutdownNow();
        resubscriber.shutdownNow();
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishFailureLog.flush();
        links.close();
    }
}
