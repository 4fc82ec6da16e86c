package nl.spreekuur.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import nl.spreekuur.server.ratelimit.RateLimiter.Decision;
import nl.spreekuur.server.ratelimit.RateLimiter.Limit;
import nl.spreekuur.server.testsupport.SharedStateContract;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do; each implementation (in memory, Redis) runs it through a
 * subclass. Refill is judged by the injected clock, which the tests move.
 */
public abstract class RateLimiterContractTest extends SharedStateContract<RateLimiter> {
    private static final Limit THREE_PER_SECOND = new Limit(3, 1.0);

    private int allowedOf(String key, int attempts, Limit limit) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (subject.tryAcquire(key, limit).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void theBurstIsAllowedAtOnceAndTheNextIsRefused() {
        assertThat(allowedOf("ws:anna", 3, THREE_PER_SECOND)).isEqualTo(3);

        Decision refused = subject.tryAcquire("ws:anna", THREE_PER_SECOND);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAllowedAcquisitionNeedsNoWait() {
        assertThat(subject.tryAcquire("ws:anna", THREE_PER_SECOND)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void tokensComeBackAtTheRate() {
        allowedOf("ws:anna", 3, THREE_PER_SECOND);

        clock.advance(Duration.ofMillis(999));
        assertThat(subject.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(subject.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isTrue();
        assertThat(subject.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isFalse();
    }

    @Test
    void retryAfterSaysWhenTheNextTokenIsThere() {
        allowedOf("ws:anna", 3, THREE_PER_SECOND);
        clock.advance(Duration.ofMillis(400));

        Duration wait = subject.tryAcquire("ws:anna", THREE_PER_SECOND).retryAfter();
        assertThat(wait).isBetween(Duration.ofMillis(599), Duration.ofMillis(601));
        clock.advance(wait);
        assertThat(subject.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isTrue();
    }

    @Test
    void aLongPauseRefillsNoMoreThanTheBurst() {
        allowedOf("ws:anna", 3, THREE_PER_SECOND);
        clock.advance(Duration.ofHours(1));

        assertThat(allowedOf("ws:anna", 10, THREE_PER_SECOND)).isEqualTo(3);
    }

    @Test
    void keysAreCountedSeparately() {
        allowedOf("ws:anna", 3, THREE_PER_SECOND);

        assertThat(subject.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isFalse();
        assertThat(subject.tryAcquire("ws:sam", THREE_PER_SECOND).allowed()).isTrue();
    }

    @Test
    void aClockSteppingBackDoesNotDrainOrRefill() {
        allowedOf("ws:anna", 2, THREE_PER_SECOND);
        clock.advance(Duration.ofSeconds(-30));

        assertThat(allowedOf("ws:anna", 5, THREE_PER_SECOND)).isEqualTo(1);
    }

    @Test
    void concurrentAcquisitionsNeverExceedTheBurst() throws Exception {
        Limit limit = new Limit(100, 0.001);
        AtomicInteger allowed = new AtomicInteger();
        concurrently(400, i -> {
            if (subject.tryAcquire("ws:anna", limit).allowed()) {
                allowed.incrementAndGet();
            }
        });
        assertThat(allowed).hasValue(100);
    }

    @Test
    void aLimitNeedsABurstAndARate() {
        assertThatThrownBy(() -> new Limit(0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit(1, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
