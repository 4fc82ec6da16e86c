package nl.spreekuur.server.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.spreekuur.server.store.StoreSettings;

/**
 * Several Spreekuur nodes in one JVM with the production wiring ({@code broker=redis}), sharing one new PostgreSQL
 * database (of the shared test PostgreSQL, or one the test gives), one redis-server of their own (which a test may
 * kill and relaunch) and one clock; closed together.
 */
public final class ServicesCluster implements AutoCloseable {
    private final RedisProcess redis;
    private final List<ServicesTestServer> nodes = new ArrayList<>();

    private ServicesCluster(int size, PostgresProcess postgres) {
        redis = RedisProcess.start();
        StoreSettings store = new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 10)
                .withSharedByNodes(true);
        TestClock clock = new TestClock(TestServer.START);
        Map<String, String> settings = Map.of("broker", "redis", "redis.url", redis.url(),
                "redis.timeout-seconds", "2");
        for (int i = 0; i < size; i++) {
            nodes.add(ServicesTestServer.start(settings, b -> b.store(store).clock(clock)));
        }
    }

    public static ServicesCluster start(int nodes) {
        return new ServicesCluster(nodes, PostgresProcess.shared());
    }

    /** The same on a PostgreSQL cluster of the test's own (e.g. one it pauses). */
    public static ServicesCluster start(int nodes, PostgresProcess postgres) {
        return new ServicesCluster(nodes, postgres);
    }

    public ServicesTestServer node(int index) {
        return nodes.get(index);
    }

    public RedisProcess redis() {
        return redis;
    }

    @Override
    public void close() {
        nodes.forEach(ServicesTestServer::close);
        redis.close();
    }
}
