package nl.spreekuur.server.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisSettings;

/**
 * The Redis-backed shared-state objects a test opened, each on its own connection as a node would have it, closed
 * together (newest first) after the test.
 */
public final class RedisNodes implements AutoCloseable {
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new connection to the shared test Redis and the object built on it (one "node"). */
    public <T extends AutoCloseable> T open(Function<RedisConnector, T> create) {
        return open(RedisProcess.shared(), create);
    }

    /** The same on a Redis of the test's own (e.g. one it kills). */
    public <T extends AutoCloseable> T open(RedisProcess redis, Function<RedisConnector, T> create) {
        return open(RedisSettings.of(redis.url()), create);
    }

    /** The same on a Redis Cluster (Lettuce's cluster client, sharded pub/sub). */
    public <T extends AutoCloseable> T open(RedisClusterProcess cluster, Function<RedisConnector, T> create) {
        return open(RedisSettings.cluster(cluster.seeds()), create);
    }

    private <T extends AutoCloseable> T open(RedisSettings settings, Function<RedisConnector, T> create) {
        RedisConnector connector = new RedisConnector(settings);
        opened.add(connector);
        T created = create.apply(connector);
        opened.add(created);
        return created;
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }
}
