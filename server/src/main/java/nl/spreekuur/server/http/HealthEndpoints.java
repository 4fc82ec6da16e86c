package nl.spreekuur.server.http;

import java.util.function.BooleanSupplier;
import nl.spreekuur.server.metrics.ServerMetrics;

/**
 * {@code GET /healthz} (the process is up), {@code GET /readyz} (store and broker work and the node is not
 * draining: take traffic) and
 * {@code GET /metrics} (Prometheus text format).
 */
public final class HealthEndpoints {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final BooleanSupplier storeHealthy;
    private final BooleanSupplier brokerHealthy;
    private final BooleanSupplier draining;
    private final ServerMetrics metrics;

    /** @param draining true once the node began its graceful stop: not ready whatever else holds */
    public HealthEndpoints(BooleanSupplier storeHealthy, BooleanSupplier brokerHealthy, BooleanSupplier draining,
                           ServerMetrics metrics) {
        this.storeHealthy = storeHealthy;
        this.brokerHealthy = brokerHealthy;
        this.draining = draining;
        this.metrics = metrics;
    }

    public void register(Routes routes) {
        routes.get("/healthz", call -> HttpReply.text(200, "ok"));
        routes.get("/readyz", call -> ready());
        routes.get("/metrics", call -> HttpReply.bytes(200, PROMETHEUS_TEXT,
                metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private HttpReply ready() {
        if (draining.getAsBoolean()) {
            return HttpReply.text(503, "not ready: draining");
        }
        boolean store = safely(storeHealthy);
        boolean broker = safely(brokerHealthy);
        if (store && broker) {
            return HttpReply.text(200, "ready");
        }
        return HttpReply.text(503, "not ready:" + (store ? "" : " store") + (broker ? "" : " broker"));
    }

    private static boolean safely(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
