package nl.spreekuur.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import nl.spreekuur.server.ratelimit.RateLimiter.Limit;
import nl.spreekuur.server.testsupport.RedisNodes;
import nl.spreekuur.server.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest extends RateLimiterContractTest {
    private static final Limit TEN_PER_SECOND = new Limit(10, 10.0);
    private final RedisNodes nodes = new RedisNodes();

    @Override
    protected RateLimiter create(Clock clock) {
        RedisProcess.shared().flushAll();
        return open(clock);
    }

    private RedisRateLimiter open(Clock clock) {
        return nodes.open(connector -> new RedisRateLimiter(connector, clock, false));
    }

    @AfterEach
    void closeConnections() throws Exception {
        nodes.close();
    }

    private static int allowed(RateLimiter limiter, String key, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(key, TEN_PER_SECOND).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    /** What a person takes on node A is charged to their bucket on node B after a sync of both. */
    @Test
    void nodesShareABucketAfterASync() throws Exception {
        RedisRateLimiter a = (RedisRateLimiter) subject;
        RedisRateLimiter b = open(clock);
        assertThat(allowed(b, "ws:anna", 1)).isEqualTo(1); // B knows anna's bucket
        a.sync().get();
        b.sync().get(); // baselines

        assertThat(allowed(a, "ws:anna", 8)).isEqualTo(8);
        a.sync().get();
        b.sync().get();

        assertThat(allowed(b, "ws:anna", 5)).as("10 - 1 taken on B - 8 taken on A").isEqualTo(1);
        assertThat(allowed(b, "ws:sam", 10)).as("other keys are untouched").isEqualTo(10);
    }

    /** No Redis round trip per acquisition: with Redis gone the limiter still decides, per node. */
    @Test
    void decidesLocallyWhenRedisIsGone() throws Exception {
        try (RedisProcess own = RedisProcess.start()) {
            RedisRateLimiter node = nodes.open(own, connector -> new RedisRateLimiter(connector, clock, false));
            own.kill();
            assertThat(allowed(node, "ws:anna", 20)).isEqualTo(10);
            node.sync().get(); // fails quietly, keeps the count for the next sync
            assertThat(node.tryAcquire("ws:anna", TEN_PER_SECOND).allowed()).isFalse();
        }
    }
}
