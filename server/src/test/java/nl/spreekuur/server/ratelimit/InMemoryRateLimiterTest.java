package nl.spreekuur.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import nl.spreekuur.server.ratelimit.RateLimiter.Limit;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContractTest {
    @Override
    protected RateLimiter create(Clock clock) {
        return new InMemoryRateLimiter(clock);
    }

    @Test
    void idleBucketsAreDroppedWithoutChangingTheAnswer() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
        Limit limit = new Limit(2, 1.0);
        limiter.tryAcquire("ws:anna", limit);
        limiter.tryAcquire("ws:anna", limit);
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < InMemoryRateLimiter.SWEEP_EVERY; i++) {
            limiter.tryAcquire("ws:other-" + i, limit);
        }

        assertThat(limiter.tryAcquire("ws:anna", limit).allowed()).isTrue();
        assertThat(limiter.tryAcquire("ws:anna", limit).allowed()).isTrue();
        assertThat(limiter.tryAcquire("ws:anna", limit).allowed()).isFalse();
    }
}
