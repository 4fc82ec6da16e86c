package nl.spreekuur.server.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import nl.spreekuur.server.presence.PresenceManager.ClientInfo;
import nl.spreekuur.server.testsupport.RedisNodes;
import nl.spreekuur.server.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisPresenceManagerTest extends PresenceManagerContractTest {
    private final RedisNodes nodes = new RedisNodes();

    @Override
    protected PresenceManager create(Clock clock) {
        RedisProcess.shared().flushAll();
        return open(clock);
    }

    private RedisPresenceManager open(Clock clock) {
        return nodes.open(connector -> new RedisPresenceManager(connector, clock));
    }

    @AfterEach
    void closeConnections() throws Exception {
        nodes.close();
    }

    /** Two nodes share one view; a node that dies stops refreshing, and its entries go within the 30 s TTL. */
    @Test
    void nodesShareEntriesAndADeadNodesEntriesVanishWithinItsTtl() {
        PresenceManager nodeA = subject;
        PresenceManager nodeB = open(clock);
        NodePresence a = new NodePresence(nodeA);
        NodePresence b = new NodePresence(nodeB);

        assertThat(a.connect("conv:x", "anna", "conn-a")).isTrue();
        assertThat(b.connect("conv:x", "anna", "conn-b")).as("anna is already present on node A").isFalse();
        assertThat(b.presentPrincipals("conv:x")).containsExactly("anna");

        // node A dies: only node B refreshes from now on
        for (int i = 0; i < 3; i++) {
            clock.advance(NodePresence.REFRESH_INTERVAL);
            b.refresh();
        }
        assertThat(NodePresence.TTL).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(nodeB.presence("conv:x")).containsOnlyKeys("conn-b");
        assertThat(nodeB.presence("conv:x").get("conn-b")).isEqualTo(new ClientInfo("anna"));
    }
}
