package nl.spreekuur.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import nl.spreekuur.server.ratelimit.RateLimiter.Limit;
import nl.spreekuur.server.testsupport.RedisClusterProcess;
import nl.spreekuur.server.testsupport.RedisNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

    /** The sync (a pipelined script per key, each to the master of its key) shares a bucket between nodes. */
    @Test
    void nodesShareABucketAfterASync() throws Exception {
        RedisRateLimiter a = (RedisRateLimiter) subject;
        RedisRateLimiter b = nodes.open(RedisClusterProcess.shared(),
                connector -> new RedisRateLimiter(connector, clock, false));
        Limit tenPerSecond = new Limit(10, 10.0);
        assertThat(b.tryAcquire("ws:anna", tenPerSecond).allowed()).isTrue();
        a.tryAcquire("ws:sam", tenPerSecond);
        a.sync().get();
        b.sync().get(); // baselines
        for (int i = 0; i < 8; i++) {
            assertThat(a.tryAcquire("ws:anna", tenPerSecond).allowed()).isTrue();
        }
        a.sync().get();
        b.sync().get();

        assertThat(b.tryAcquire("ws:anna", tenPerSecond).allowed()).as("10 - 1 on B - 8 on A").isTrue();
        assertThat(b.tryAcquire("ws:anna", tenPerSecond).allowed()).isFalse();
    }
}
