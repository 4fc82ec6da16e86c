package nl.spreekuur.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import nl.spreekuur.server.ratelimit.RateLimiter.Decision;
import nl.spreekuur.server.ratelimit.RateLimiter.Limit;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimiter} must do; each implementation (in memory now, Redis planned) runs it through a
 * subclass. Refill is judged by the injected clock, which the tests move.
 */
public abstract class RateLimiterContractTest {
    private static final Limit THREE_PER_SECOND = new Limit(3, 1.0);

    protected final TestClock clock = new TestClock();
    private RateLimiter limiter;

    /** A fresh implementation with no counters, on the given clock. */
    protected abstract RateLimiter create(Clock clock);

    @BeforeEach
    void setUp() {
        limiter = create(clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (limiter instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private int allowedOf(String key, int attempts, Limit limit) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(key, limit).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void theBurstIsAllowedAtOnceAndTheNextIsRefused() {
        assertThat(allowedOf("ws:anna", 3, THREE_PER_SECOND)).isEqualTo(3);

        Decision refused = limiter.tryAcquire("ws:anna", THREE_PER_SECOND);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anAllowedAcquisitionNeedsNoWait() {
        assertThat(limiter.tryAcquire("ws:anna", THREE_PER_SECOND)).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void tokensComeBackAtTheRate() {
        allowedOf("ws:anna", 3, THREE_PER_SECOND);

        clock.advance(Duration.ofMillis(999));
        assertThat(limiter.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isTrue();
        assertThat(limiter.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isFalse();
    }

    @Test
    void retryAfterSaysWhenTheNextTokenIsThere() {
        allowedOf("ws:anna", 3, THREE_PER_SECOND);
        clock.advance(Duration.ofMillis(400));

        Duration wait = limiter.tryAcquire("ws:anna", THREE_PER_SECOND).retryAfter();
        assertThat(wait).isBetween(Duration.ofMillis(599), Duration.ofMillis(601));
        clock.advance(wait);
        assertThat(limiter.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isTrue();
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

        assertThat(limiter.tryAcquire("ws:anna", THREE_PER_SECOND).allowed()).isFalse();
        assertThat(limiter.tryAcquire("ws:sam", THREE_PER_SECOND).allowed()).isTrue();
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
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = IntStream.range(0, 400)
                    .<Callable<Boolean>>mapToObj(i -> () -> limiter.tryAcquire("ws:anna", limit).allowed())
                    .toList();
            long allowed = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) {
                allowed += f.get() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLimitNeedsABurstAndARate() {
        assertThatThrownBy(() -> new Limit(0, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit(1, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
