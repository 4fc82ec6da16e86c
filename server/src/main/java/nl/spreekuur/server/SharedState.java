package nl.spreekuur.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.auth.InMemoryTokenRevocations;
import nl.spreekuur.server.auth.RedisTokenRevocations;
import nl.spreekuur.server.auth.TokenRevocations;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.broker.InMemoryBroker;
import nl.spreekuur.server.broker.RedisBroker;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.presence.InMemoryPresenceManager;
import nl.spreekuur.server.presence.PresenceManager;
import nl.spreekuur.server.presence.RedisPresenceManager;
import nl.spreekuur.server.ratelimit.InMemoryRateLimiter;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.ratelimit.RedisRateLimiter;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisSettings;
import nl.spreekuur.server.session.Channels;

/**
 * What the nodes of one deployment share, chosen by {@code broker}: in memory for one node ({@code memory}), or
 * in Redis for several ({@code redis}: the broker, presence, token revocations and rate limits, over one Lettuce
 * client). {@link #resources()} are closed by the server on stop, last one first.
 */
record SharedState(Broker broker, PresenceManager presence, TokenRevocations tokenRevocations,
                   RateLimiter rateLimiter, List<AutoCloseable> resources) {

    static SharedState open(ServerConfig config, Clock clock, MeterRegistry metrics) {
        return switch (config.broker()) {
            case MEMORY -> {
                // Conversation channels on the publishing thread: their listener only hands messages to
                // subscriptions and outboxes (docs/architecture.md, "The in-memory broker").
                InMemoryBroker broker = new InMemoryBroker(InMemoryBroker.DEFAULT_CAPACITY, Channels::isConversation);
                yield new SharedState(broker, new InMemoryPresenceManager(clock), new InMemoryTokenRevocations(clock),
                        new InMemoryRateLimiter(clock), List.of(broker));
            }
            case REDIS -> openRedis(config, clock, metrics);
        };
    }

    private static SharedState openRedis(ServerConfig config, Clock clock, MeterRegistry metrics) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            RedisConnector connector = new RedisConnector(RedisSettings.of(config));
            opened.add(connector);
            RedisBroker broker;
            try {
                broker = new RedisBroker(connector, metrics, clock);
            } catch (RuntimeException e) {
                throw new IllegalStateException("broker=redis: cannot reach Redis at " + config.redisUrlMasked()
                        + " (" + e.getClass().getSimpleName() + ")", e);
            }
            opened.add(broker);
            RedisPresenceManager presence = new RedisPresenceManager(connector, clock);
            opened.add(presence);
            RedisTokenRevocations revocations = new RedisTokenRevocations(connector, clock);
            opened.add(revocations);
            RedisRateLimiter rateLimiter = new RedisRateLimiter(connector, clock, true);
            opened.add(rateLimiter);
            return new SharedState(broker, presence, revocations, rateLimiter, List.copyOf(opened));
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            throw e;
        }
    }
}
