package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import nl.spreekuur.server.testsupport.SharedStateContract;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TokenRevocations} must do; each implementation (in memory, Redis) runs it through a
 * subclass. Time is the injected clock's.
 */
public abstract class TokenRevocationsContractTest extends SharedStateContract<TokenRevocations> {

    private Instant inOneHour() {
        return clock.instant().plus(Duration.ofHours(1));
    }

    @Test
    void aSessionNobodyRevokedIsNotRevoked() {
        assertThat(subject.isRevoked("s-unknown")).isFalse();
    }

    @Test
    void aRevokedSessionIsRevokedAndOthersAreNot() {
        subject.revoke("s-1", inOneHour());

        assertThat(subject.isRevoked("s-1")).isTrue();
        assertThat(subject.isRevoked("s-2")).isFalse();
    }

    @Test
    void aRevocationIsRememberedUntilTheTokenWouldHaveExpired() {
        Instant expiresAt = inOneHour();
        subject.revoke("s-1", expiresAt);

        clock.set(expiresAt.minusMillis(1));
        assertThat(subject.isRevoked("s-1")).isTrue();
        clock.set(expiresAt);
        assertThat(subject.isRevoked("s-1")).as("expired tokens are refused anyway").isFalse();
    }

    @Test
    void aTokenThatHasAlreadyExpiredLeavesNothingBehind() {
        subject.revoke("s-old", clock.instant().minusSeconds(1));

        assertThat(subject.isRevoked("s-old")).isFalse();
    }

    @Test
    void revokingAgainNeverShortensTheRevocation() {
        Instant later = inOneHour().plus(Duration.ofHours(1));
        subject.revoke("s-1", later);
        subject.revoke("s-1", inOneHour());

        clock.advance(Duration.ofMinutes(90));
        assertThat(subject.isRevoked("s-1")).isTrue();
    }

    @Test
    void expiredRevocationsDoNotHideNewOnes() {
        subject.revoke("s-1", inOneHour());
        clock.advance(Duration.ofHours(2));
        subject.revoke("s-2", inOneHour());

        assertThat(subject.isRevoked("s-1")).isFalse();
        assertThat(subject.isRevoked("s-2")).isTrue();
    }

    @Test
    void concurrentRevocationsAreAllKept() throws Exception {
        Instant expiresAt = inOneHour();
        concurrently(400, i -> subject.revoke("s-" + i, expiresAt));
        assertThat(IntStream.range(0, 400).allMatch(i -> subject.isRevoked("s-" + i))).isTrue();
    }
}
