package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenRevocations} must do; each implementation (in memory now, Redis planned) runs it through a
 * subclass. Time is the injected clock's.
 */
public abstract class TokenRevocationsContractTest {
    protected final TestClock clock = new TestClock();
    private TokenRevocations revocations;

    /** A fresh, empty implementation on the given clock. */
    protected abstract TokenRevocations create(Clock clock);

    @BeforeEach
    void setUp() {
        revocations = create(clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (revocations instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private Instant inOneHour() {
        return clock.instant().plus(Duration.ofHours(1));
    }

    @Test
    void aSessionNobodyRevokedIsNotRevoked() {
        assertThat(revocations.isRevoked("s-unknown")).isFalse();
    }

    @Test
    void aRevokedSessionIsRevokedAndOthersAreNot() {
        revocations.revoke("s-1", inOneHour());

        assertThat(revocations.isRevoked("s-1")).isTrue();
        assertThat(revocations.isRevoked("s-2")).isFalse();
    }

    @Test
    void aRevocationIsRememberedUntilTheTokenWouldHaveExpired() {
        Instant expiresAt = inOneHour();
        revocations.revoke("s-1", expiresAt);

        clock.set(expiresAt.minusMillis(1));
        assertThat(revocations.isRevoked("s-1")).isTrue();
        clock.set(expiresAt);
        assertThat(revocations.isRevoked("s-1")).as("expired tokens are refused anyway").isFalse();
    }

    @Test
    void aTokenThatHasAlreadyExpiredLeavesNothingBehind() {
        revocations.revoke("s-old", clock.instant().minusSeconds(1));

        assertThat(revocations.isRevoked("s-old")).isFalse();
    }

    @Test
    void revokingAgainNeverShortensTheRevocation() {
        Instant later = inOneHour().plus(Duration.ofHours(1));
        revocations.revoke("s-1", later);
        revocations.revoke("s-1", inOneHour());

        clock.advance(Duration.ofMinutes(90));
        assertThat(revocations.isRevoked("s-1")).isTrue();
    }

    @Test
    void expiredRevocationsDoNotHideNewOnes() {
        revocations.revoke("s-1", inOneHour());
        clock.advance(Duration.ofHours(2));
        revocations.revoke("s-2", inOneHour());

        assertThat(revocations.isRevoked("s-1")).isFalse();
        assertThat(revocations.isRevoked("s-2")).isTrue();
    }

    @Test
    void concurrentRevocationsAreAllKept() throws Exception {
        Instant expiresAt = inOneHour();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = IntStream.range(0, 400)
                    .mapToObj(i -> pool.submit(() -> revocations.revoke("s-" + i, expiresAt)))
                    .<Future<?>>map(f -> f)
                    .toList();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(IntStream.range(0, 400).allMatch(i -> revocations.isRevoked("s-" + i))).isTrue();
    }
}
