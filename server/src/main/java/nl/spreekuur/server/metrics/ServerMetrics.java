package nl.spreekuur.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import nl.spreekuur.protocol.v1.ErrorCode;

/**
 * The Prometheus registry and the transport's own meters. Services register their meters on {@link #registry()}.
 * Meter names use dots (Micrometer style); Prometheus shows them with underscores, e.g.
 * {@code spreekuur_connections_open}.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Counter outboxDropped;
    private final Counter slowConsumerDisconnects;
    private final Map<String, Counter> handshakes = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();
    private final Map<ErrorCode, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> readPauses = new ConcurrentHashMap<>();

    public ServerMetrics() {
        Gauge.builder("spreekuur.connections.open", connectionsOpen, AtomicInteger::get)
                .description("open WebSocket connections (after the upgrade)")
                .register(registry);
        outboxDropped = Counter.builder("spreekuur.outbox.dropped")
                .description("messages dropped because a connection's outbox overflowed or was closed")
                .register(registry);
        slowConsumerDisconnects = Counter.builder("spreekuur.slow.consumer.disconnects")
                .description("connections closed with 4001 because they did not read fast enough")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    public void connectionOpened() {
        connectionsOpen.incrementAndGet();
    }

    public void connectionClosed() {
        connectionsOpen.decrementAndGet();
    }

    public int connectionsOpen() {
        return connectionsOpen.get();
    }

    /**
     * A WebSocket upgrade or Hello outcome; reason is a short fixed word ("ok", "subprotocol", "token", ...).
     * Counters are cached: this runs per connection.
     */
    public void handshake(boolean ok, String reason) {
        handshakes.computeIfAbsent((ok ? "ok:" : "failed:") + reason, key -> Counter.builder("spreekuur.handshakes")
                .tag("outcome", ok ? "ok" : "failed")
                .tag("reason", reason)
                .register(registry)).increment();
    }

    /** A data frame received, by encoding ("proto" or "json"). Counters are cached: this runs per frame. */
    public void frameIn(String encoding) {
        framesIn.computeIfAbsent(encoding, e -> Counter.builder("spreekuur.frames.in").tag("encoding", e)
                .description("WebSocket data frames received").register(registry)).increment();
    }

    public void frameOut(String encoding) {
        framesOut.computeIfAbsent(encoding, e -> Counter.builder("spreekuur.frames.out").tag("encoding", e)
                .description("WebSocket data frames sent").register(registry)).increment();
    }

    /** An Error message queued for a client, by code. */
    public void errorSent(ErrorCode code) {
        errors.computeIfAbsent(code, c -> Counter.builder("spreekuur.errors")
                .tag("code", c.name().toLowerCase(Locale.ROOT))
                .description("Error messages sent to clients")
                .register(registry)).increment();
    }

    public void closed(int closeCode) {
        Counter.builder("spreekuur.closes").tag("code", Integer.toString(closeCode)).register(registry).increment();
    }

    /**
     * The transport's backpressure state, read when scraped: requests handed to the workers and not finished,
     * connections whose socket is not read because they reached their own bound ({@code reason="connection"}) or
     * because the node is at its bound ({@code reason="node"}), and work waiting for a free worker thread.
     */
    public void bindRequestFlow(IntSupplier inFlight, IntSupplier pausedAtOwnBound, IntSupplier pausedAtNodeBound,
                                IntSupplier queuedForWorkers) {
        gauge("spreekuur.requests.in.flight", "WebSocket requests handed to the workers and not finished", inFlight)
                .register(registry);
        gauge("spreekuur.connections.paused", "connections the server stopped reading (backpressure)",
                pausedAtOwnBound).tag("reason", "connection").register(registry);
        gauge("spreekuur.connections.paused", "connections the server stopped reading (backpressure)",
                pausedAtNodeBound).tag("reason", "node").register(registry);
        gauge("spreekuur.workers.queued", "connections with requests, and HTTP requests, waiting for a free worker",
                queuedForWorkers).register(registry);
    }

    private static Gauge.Builder<IntSupplier> gauge(String name, String description, IntSupplier value) {
        // Strong reference: the suppliers are lambdas that nothing else holds on to.
        return Gauge.builder(name, value, IntSupplier::getAsInt).description(description).strongReference(true);
    }

    /** The server stopped reading a connection; reason "connection" (its own bound) or "node" (the node's). */
    public void readPaused(String reason) {
        readPauses.computeIfAbsent(reason, r -> Counter.builder("spreekuur.read.pauses").tag("reason", r)
                .description("times the server stopped reading a connection (backpressure)")
                .register(registry)).increment();
    }

    public void outboxDropped(int messages) {
        outboxDropped.increment(messages);
    }

    public void slowConsumerDisconnect() {
        slowConsumerDisconnects.increment();
    }

    public double slowConsumerDisconnects() {
        return slowConsumerDisconnects.count();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
