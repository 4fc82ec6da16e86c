package nl.spreekuur.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import nl.spreekuur.server.presence.PresenceManager.ClientInfo;
import nl.spreekuur.server.presence.PresenceManager.PresenceStats;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceManager} must do; each implementation (in memory now, Redis planned) runs it through a
 * subclass. TTLs are judged by the injected clock, which the tests move.
 */
public abstract class PresenceManagerContractTest {
    private static final Duration TTL = Duration.ofSeconds(60);

    protected final TestClock clock = new TestClock();
    private PresenceManager presence;

    /** A fresh, empty implementation on the given clock. */
    protected abstract PresenceManager create(Clock clock);

    @BeforeEach
    void setUp() {
        presence = create(clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (presence instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void anEmptyChannelHasNobody() {
        assertThat(presence.presence("conv:none")).isEmpty();
        assertThat(presence.presenceStats("conv:none")).isEqualTo(new PresenceStats(0, 0));
    }

    @Test
    void addedClientsArePresentWithTheirInfo() {
        presence.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        presence.add("conv:1", "c2", new ClientInfo("anna"), TTL);
        presence.add("conv:1", "c3", new ClientInfo("sam"), TTL);

        assertThat(presence.presence("conv:1")).isEqualTo(Map.of(
                "c1", new ClientInfo("anna"), "c2", new ClientInfo("anna"), "c3", new ClientInfo("sam")));
        assertThat(presence.presenceStats("conv:1")).isEqualTo(new PresenceStats(3, 2));
    }

    @Test
    void channelsAreIndependent() {
        presence.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        presence.add("queue:7", "c1", new ClientInfo("anna"), TTL);

        presence.remove("conv:1", "c1");

        assertThat(presence.presence("conv:1")).isEmpty();
        assertThat(presence.presence("queue:7")).containsOnlyKeys("c1");
    }

    @Test
    void removingAClientLeavesTheOthers() {
        presence.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        presence.add("conv:1", "c2", new ClientInfo("anna"), TTL);

        presence.remove("conv:1", "c1");
        presence.remove("conv:1", "never-added");

        assertThat(presence.presence("conv:1")).containsOnlyKeys("c2");
        assertThat(presence.presenceStats("conv:1")).isEqualTo(new PresenceStats(1, 1));
    }

    @Test
    void anEntryExpiresAfterItsTtl() {
        presence.add("conv:1", "c1", new ClientInfo("anna"), TTL);

        clock.advance(TTL.minusMillis(1));
        assertThat(presence.presence("conv:1")).containsOnlyKeys("c1");
        clock.advance(Duration.ofMillis(1));
        assertThat(presence.presence("conv:1")).isEmpty();
        assertThat(presence.presenceStats("conv:1")).isEqualTo(new PresenceStats(0, 0));
    }

    @Test
    void addingAgainRefreshesTheTtlAndTheInfo() {
        presence.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        clock.advance(Duration.ofSeconds(50));
        presence.add("conv:1", "c1", new ClientInfo("anna-2"), TTL);

        clock.advance(Duration.ofSeconds(50));
        assertThat(presence.presence("conv:1")).isEqualTo(Map.of("c1", new ClientInfo("anna-2")));
    }

    @Test
    void eachEntryKeepsItsOwnTtl() {
        presence.add("conv:1", "old", new ClientInfo("anna"), TTL);
        clock.advance(Duration.ofSeconds(40));
        presence.add("conv:1", "new", new ClientInfo("sam"), TTL);

        clock.advance(Duration.ofSeconds(30));
        assertThat(presence.presence("conv:1")).containsOnlyKeys("new");
    }

    @Test
    void concurrentAddsAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> presence.add("conv:1", "c" + i, new ClientInfo("p" + i % 10),
                            TTL)))
                    .<Future<?>>map(f -> f)
                    .toList();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(presence.presenceStats("conv:1")).isEqualTo(new PresenceStats(200, 10));
    }
}
