package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import nl.spreekuur.server.testsupport.ServicesCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The capabilities' per-address limits are the deployment's, not a node's: with {@code broker=redis} what one
 * address takes on node A is charged to its bucket on node B within a sync (about a second), for the knock links and
 * the consult links alike. Before, each node counted on its own, so N nodes gave N allowances. (A bucket's first sync
 * is its baseline, so both nodes see the address once before the flood; see {@code RedisRateLimiter}.)
 */
class SharedRateLimitsTest {

    @Test
    void aFloodOnOneNodeUsesUpTheAddressesBucketOnTheOther() throws Exception {
        try (ServicesCluster cluster = ServicesCluster.start(2)) {
            String[][] limits = {{"/api/public/knock/", "knock"}, {"/api/public/consults/", "consult-link"}};
            for (String[] limit : limits) {
                String path = limit[0];
                String counter = "spreekuur:rate:" + limit[1] + ":127.0.0.1";
                assertThat(cluster.node(0).get(path + "guess-a").status()).isEqualTo(404);
                assertThat(cluster.node(1).get(path + "guess-b").status()).isEqualTo(404);
                Awaitility.await("both nodes reported their first request").atMost(Duration.ofSeconds(10))
                        .until(() -> cluster.redis().command("GET " + counter).contains("\r\n2\r\n"));

                for (int i = 0; i < 19; i++) {
                    assertThat(cluster.node(0).get(path + "guess-" + i).status())
                            .as("within the burst of 20, unknown codes are simply not found").isEqualTo(404);
                }
                assertThat(cluster.node(0).get(path + "guess-x").status()).isEqualTo(429);

                AtomicInteger asked = new AtomicInteger();
                Awaitility.await(path + " refused on the other node too").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(250)).until(() -> {
                            asked.incrementAndGet();
                            return cluster.node(1).get(path + "guess-y").status() == 429;
                        });
                assertThat(asked).as("node B refused well before its own burst of 20 would have run out")
                        .hasValueLessThan(15);
            }
        }
    }
}
