package nl.spreekuur.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.redis.RedisSettings;
import nl.spreekuur.server.testsupport.RedisClusterProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The broker contract on a 3-master Redis Cluster with sharded pub/sub (SPUBLISH/SSUBSCRIBE), and fan-out between two
 * nodes through a restart of one master: the broker sharded-subscribes its channels again, only then asks for a
 * backfill, and publications on channels of every shard flow again.
 */
class RedisClusterBrokerTest extends RedisBrokerContractTest {

    @Override
    protected RedisSettings sharedRedis() {
        return RedisSettings.cluster(RedisClusterProcess.shared().seeds());
    }

    @Override
    protected long subscribers(String channel) {
        return RedisClusterProcess.shared().shardSubscribers(channel);
    }

    private RedisBroker newBroker(RedisClusterProcess cluster, BrokerListener listener, SimpleMeterRegistry metrics) {
        return newBroker(RedisSettings.cluster(cluster.seeds()), listener, metrics);
    }

    @Test
    void groupFanOutBetweenTwoNodesKeepsWorkingThroughARestartOfOneMaster() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            SimpleMeterRegistry metricsB = new SimpleMeterRegistry();
            RedisBroker nodeA = newBroker(cluster, (channel, payload) -> { }, new SimpleMeterRegistry());
            RedisBroker nodeB = newBroker(cluster, new BrokerListener() {
                @Override
                public void onPublication(String channel, byte[] payload) {
                    atB.add(channel + "=" + new String(payload));
                }

                @Override
                public void onReconnected() {
                    atB.add("reconnected");
                }
            }, metricsB);
            try {
                // channels of group conversations, spread over the three masters' slots
                List<String> channels = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    channels.add("conv:group-" + i);
                    nodeB.subscribe("conv:group-" + i);
                }
                assertThat(publishAndCollect(nodeA, channels, "before", atB)).hasSize(channels.size());

                cluster.restart(0);
                Awaitility.await("B told to backfill after re-subscribing").atMost(Duration.ofSeconds(30))
                        .until(() -> atB.contains("reconnected"));
                atB.clear();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> nodeA.isHealthy() && nodeB.isHealthy());
                for (String channel : channels) {
                    assertThat(cluster.shardSubscribers(channel)).as(channel).isEqualTo(1);
                }
                assertThat(publishAndCollect(nodeA, channels, "after", atB))
                        .as("every channel, on every shard, delivers again").hasSize(channels.size());
                assertThat(metricsB.get("spreekuur.broker.resyncs").counter().count()).isGreaterThanOrEqualTo(1.0);
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    private static Set<String> publishAndCollect(Broker from, List<String> channels, String text,
                                                 BlockingQueue<String> at) throws InterruptedException {
        for (String channel : channels) {
            from.publish(channel, bytes(text));
        }
        Set<String> got = new HashSet<>();
        while (got.size() < channels.size()) {
            String next = at.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("publications so far: %s", got).isNotNull();
            if (next.endsWith("=" + text)) {
                got.add(next);
            }
        }
        return got;
    }
}
