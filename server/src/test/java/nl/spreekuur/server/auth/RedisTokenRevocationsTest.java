package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import nl.spreekuur.server.testsupport.RedisNodes;
import nl.spreekuur.server.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisTokenRevocationsTest extends TokenRevocationsContractTest {
    private final RedisNodes nodes = new RedisNodes();

    @Override
    protected TokenRevocations create(Clock clock) {
        RedisProcess.shared().flushAll();
        return open(clock);
    }

    private RedisTokenRevocations open(Clock clock) {
        return nodes.open(connector -> new RedisTokenRevocations(connector, clock));
    }

    @AfterEach
    void closeConnections() throws Exception {
        nodes.close();
    }

    @Test
    void aRevocationOnOneNodeHoldsOnAnother() {
        TokenRevocations other = open(clock);
        subject.revoke("s-1", clock.instant().plus(Duration.ofHours(1)));

        assertThat(other.isRevoked("s-1")).isTrue();
        assertThat(other.isRevoked("s-2")).isFalse();
    }

    @Test
    void withoutRedisTheNodesOwnRevocationsStillHoldAndNothingThrows() {
        try (RedisProcess own = RedisProcess.start()) {
            TokenRevocations node = nodes.open(own, connector -> new RedisTokenRevocations(connector, clock));
            own.kill();
            node.revoke("s-1", clock.instant().plus(Duration.ofHours(1)));

            assertThat(node.isRevoked("s-1")).isTrue();
            assertThat(node.isRevoked("s-2")).isFalse();
        }
    }
}
