package nl.spreekuur.server.ratelimit;

import java.time.Clock;
import nl.spreekuur.server.testsupport.RedisClusterProcess;
import nl.spreekuur.server.testsupport.RedisNodes;
import org.junit.jupiter.api.AfterEach;

/** The rate-limit contract on a 3-master Redis Cluster (one counter key per bucket, synced pipelined). */
class RedisClusterRateLimiterTest extends RateLimiterContractTest {
    private final RedisNodes nodes = new RedisNodes();

    @Override
    protected RateLimiter create(Clock clock) {
        RedisClusterProcess.shared().flushAll();
        return nodes.open(RedisClusterProcess.shared(), connector -> new RedisRateLimiter(connector, clock, false));
    }

    @AfterEach
    void closeConnections() throws Exception {
        nodes.close();
    }
}
