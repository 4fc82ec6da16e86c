package nl.spreekuur.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.server.presence.PresenceManager.ClientInfo;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.Test;

class NodePresenceTest {
    private final TestClock clock = new TestClock();
    private final PresenceManager shared = new InMemoryPresenceManager(clock);
    private final NodePresence node = new NodePresence(shared);
    private final NodePresence otherNode = new NodePresence(shared);

    @Test
    void firstAndLastConnectionOfAPerson() {
        assertThat(node.connect("conv:1", "anna", "tab-1")).isTrue();
        assertThat(node.connect("conv:1", "anna", "tab-2")).isFalse();
        assertThat(node.connect("conv:1", "sam", "tab-3")).isTrue();
        assertThat(node.presentPrincipals("conv:1")).containsExactlyInAnyOrder("anna", "sam");

        assertThat(node.disconnect("conv:1", "anna", "tab-1")).isFalse();
        assertThat(node.isPresent("conv:1", "anna")).isTrue();
        assertThat(node.disconnect("conv:1", "anna", "tab-2")).isTrue();
        assertThat(node.isPresent("conv:1", "anna")).isFalse();
        assertThat(node.disconnect("conv:1", "anna", "tab-2")).as("twice is not a second last").isFalse();
    }

    @Test
    void aConnectionOnAnotherNodeCounts() {
        otherNode.connect("staff:anna", "anna", "there");

        assertThat(node.connect("staff:anna", "anna", "here")).isFalse();
        assertThat(node.disconnect("staff:anna", "anna", "here")).isFalse();
        assertThat(node.isPresent("staff:anna", "anna")).isTrue();
    }

    @Test
    void refreshKeepsThisNodesConnectionsAliveForOtherNodes() {
        node.connect("conv:1", "anna", "tab-1");

        clock.advance(NodePresence.TTL.minusSeconds(1));
        node.refresh();
        clock.advance(NodePresence.TTL.minusSeconds(1));
        assertThat(otherNode.isPresent("conv:1", "anna")).isTrue();
        assertThat(shared.presence("conv:1")).containsEntry("tab-1", new ClientInfo("anna"));
    }

    @Test
    void aDeadNodesConnectionsExpire() {
        otherNode.connect("conv:1", "anna", "there");

        clock.advance(NodePresence.TTL);
        assertThat(node.isPresent("conv:1", "anna")).isFalse();
        assertThat(node.connect("conv:1", "anna", "here")).as("present again after the dead node's entry expired")
                .isTrue();
    }

    @Test
    void thisNodesOwnConnectionsCountEvenPastTheTtl() {
        node.connect("queue:7", "sam", "tab-1");
        node.connect("queue:7", "sam", "tab-2");
        clock.advance(Duration.ofHours(1));

        assertThat(node.isPresent("queue:7", "sam")).isTrue();
        assertThat(node.disconnect("queue:7", "sam", "tab-1")).isFalse();
        assertThat(node.disconnect("queue:7", "sam", "tab-2")).as("the last one went").isTrue();
    }
}
