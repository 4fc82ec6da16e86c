package nl.spreekuur.server.presence;

import java.time.Clock;
import nl.spreekuur.server.testsupport.RedisClusterProcess;
import nl.spreekuur.server.testsupport.RedisNodes;
import org.junit.jupiter.api.AfterEach;

/** The presence contract on a 3-master Redis Cluster: each channel's two keys share a slot (a hash tag). */
class RedisClusterPresenceManagerTest extends PresenceManagerContractTest {
    private final RedisNodes nodes = new RedisNodes();

    @Override
    protected PresenceManager create(Clock clock) {
        RedisClusterProcess.shared().flushAll();
        return nodes.open(RedisClusterProcess.shared(), connector -> new RedisPresenceManager(connector, clock));
    }

    @AfterEach
    void closeConnections() throws Exception {
        nodes.close();
    }
}
