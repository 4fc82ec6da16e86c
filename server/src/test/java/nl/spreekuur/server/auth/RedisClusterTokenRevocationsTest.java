package nl.spreekuur.server.auth;

import java.time.Clock;
import nl.spreekuur.server.testsupport.RedisClusterProcess;
import nl.spreekuur.server.testsupport.RedisNodes;
import org.junit.jupiter.api.AfterEach;

/** The revocation contract on a 3-master Redis Cluster (one key per revoked session). */
class RedisClusterTokenRevocationsTest extends TokenRevocationsContractTest {
    private final RedisNodes nodes = new RedisNodes();

    @Override
    protected TokenRevocations create(Clock clock) {
        RedisClusterProcess.shared().flushAll();
        return nodes.open(RedisClusterProcess.shared(), connector -> new RedisTokenRevocations(connector, clock));
    }

    @AfterEach
    void closeConnections() throws Exception {
        nodes.close();
    }
}
