package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisSettings;
import nl.spreekuur.server.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisTokenRevocationsTest extends TokenRevocationsContractTest {
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    protected TokenRevocations create(Clock clock) {
        RedisProcess.shared().flushAll();
        return open(RedisProcess.shared(), clock);
    }

    private RedisTokenRevocations open(RedisProcess redis, Clock clock) {
        RedisConnector connector = new RedisConnector(RedisSettings.of(redis.url()));
        opened.add(connector);
        RedisTokenRevocations revocations = new RedisTokenRevocations(connector, clock);
        opened.add(revocations);
        return revocations;
    }

    @AfterEach
    void closeConnections() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aRevocationOnOneNodeHoldsOnAnother() {
        TokenRevocations other = open(RedisProcess.shared(), clock);
        subject.revoke("s-1", clock.instant().plus(Duration.ofHours(1)));

        assertThat(other.isRevoked("s-1")).isTrue();
        assertThat(other.isRevoked("s-2")).isFalse();
    }

    @Test
    void withoutRedisTheNodesOwnRevocationsStillHoldAndNothingThrows() {
        try (RedisProcess own = RedisProcess.start()) {
            TokenRevocations node = open(own, clock);
            own.kill();
            node.revoke("s-1", clock.instant().plus(Duration.ofHours(1)));

            assertThat(node.isRevoked("s-1")).isTrue();
            assertThat(node.isRevoked("s-2")).isFalse();
        }
    }
}
