package nl.spreekuur.server.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.Test;

/** While the shared presence cannot answer (Redis down), a disconnect still ends cleanly with this node's answer. */
class NodePresenceOutageTest {

    /** Delegates to a real in-memory presence until it is switched off, then fails like an unreachable Redis. */
    private static final class Switchable implements PresenceManager {
        private final PresenceManager inner = new InMemoryPresenceManager(new TestClock());
        private volatile boolean down;

        private void check() {
            if (down) {
                throw new IllegalStateException("shared presence unreachable");
            }
        }

        @Override
        public void add(String channel, String clientId, ClientInfo info, Duration ttl) {
            check();
            inner.add(channel, clientId, info, ttl);
        }

        @Override
        public void remove(String channel, String clientId) {
            check();
            inner.remove(channel, clientId);
        }

        @Override
        public Map<String, ClientInfo> presence(String channel) {
            check();
            return inner.presence(channel);
        }

        @Override
        public PresenceStats presenceStats(String channel) {
            check();
            return inner.presenceStats(channel);
        }
    }

    @Test
    void disconnectAnswersFromThisNodeWhenTheSharedPresenceFails() {
        Switchable shared = new Switchable();
        NodePresence node = new NodePresence(shared);
        node.connect("conv:1", "anna", "tab-1");
        node.connect("conv:1", "anna", "tab-2");

        shared.down = true;
        assertThat(node.disconnect("conv:1", "anna", "tab-1")).as("another tab of anna is here").isFalse();
        assertThat(node.disconnect("conv:1", "anna", "tab-2")).as("the last one here went").isTrue();
        assertThat(node.disconnect("conv:1", "anna", "tab-2")).as("not here any more").isFalse();
        assertThatThrownBy(() -> node.connect("conv:1", "anna", "tab-3"))
                .as("a new connection needs the shared presence: the request is refused, not half done")
                .isInstanceOf(IllegalStateException.class);
    }
}
