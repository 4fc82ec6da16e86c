package nl.spreekuur.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.server.presence.PresenceManager.ClientInfo;
import nl.spreekuur.server.presence.PresenceManager.PresenceStats;
import nl.spreekuur.server.testsupport.SharedStateContract;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PresenceManager} must do; each implementation (in memory, Redis) runs it through a
 * subclass. TTLs are judged by the injected clock, which the tests move.
 */
public abstract class PresenceManagerContractTest extends SharedStateContract<PresenceManager> {
    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void anEmptyChannelHasNobody() {
        assertThat(subject.presence("conv:none")).isEmpty();
        assertThat(subject.presenceStats("conv:none")).isEqualTo(new PresenceStats(0, 0));
    }

    @Test
    void addedClientsArePresentWithTheirInfo() {
        subject.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        subject.add("conv:1", "c2", new ClientInfo("anna"), TTL);
        subject.add("conv:1", "c3", new ClientInfo("sam"), TTL);

        assertThat(subject.presence("conv:1")).isEqualTo(Map.of(
                "c1", new ClientInfo("anna"), "c2", new ClientInfo("anna"), "c3", new ClientInfo("sam")));
        assertThat(subject.presenceStats("conv:1")).isEqualTo(new PresenceStats(3, 2));
    }

    @Test
    void channelsAreIndependent() {
        subject.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        subject.add("queue:7", "c1", new ClientInfo("anna"), TTL);

        subject.remove("conv:1", "c1");

        assertThat(subject.presence("conv:1")).isEmpty();
        assertThat(subject.presence("queue:7")).containsOnlyKeys("c1");
    }

    @Test
    void removingAClientLeavesTheOthers() {
        subject.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        subject.add("conv:1", "c2", new ClientInfo("anna"), TTL);

        subject.remove("conv:1", "c1");
        subject.remove("conv:1", "never-added");

        assertThat(subject.presence("conv:1")).containsOnlyKeys("c2");
        assertThat(subject.presenceStats("conv:1")).isEqualTo(new PresenceStats(1, 1));
    }

    @Test
    void anEntryExpiresAfterItsTtl() {
        subject.add("conv:1", "c1", new ClientInfo("anna"), TTL);

        clock.advance(TTL.minusMillis(1));
        assertThat(subject.presence("conv:1")).containsOnlyKeys("c1");
        clock.advance(Duration.ofMillis(1));
        assertThat(subject.presence("conv:1")).isEmpty();
        assertThat(subject.presenceStats("conv:1")).isEqualTo(new PresenceStats(0, 0));
    }

    @Test
    void addingAgainRefreshesTheTtlAndTheInfo() {
        subject.add("conv:1", "c1", new ClientInfo("anna"), TTL);
        clock.advance(Duration.ofSeconds(50));
        subject.add("conv:1", "c1", new ClientInfo("anna-2"), TTL);

        clock.advance(Duration.ofSeconds(50));
        assertThat(subject.presence("conv:1")).isEqualTo(Map.of("c1", new ClientInfo("anna-2")));
    }

    @Test
    void eachEntryKeepsItsOwnTtl() {
        subject.add("conv:1", "old", new ClientInfo("anna"), TTL);
        clock.advance(Duration.ofSeconds(40));
        subject.add("conv:1", "new", new ClientInfo("sam"), TTL);

        clock.advance(Duration.ofSeconds(30));
        assertThat(subject.presence("conv:1")).containsOnlyKeys("new");
    }

    @Test
    void concurrentAddsAreAllKept() throws Exception {
        concurrently(200, i -> subject.add("conv:1", "c" + i, new ClientInfo("p" + i % 10), TTL));
        assertThat(subject.presenceStats("conv:1")).isEqualTo(new PresenceStats(200, 10));
    }
}
