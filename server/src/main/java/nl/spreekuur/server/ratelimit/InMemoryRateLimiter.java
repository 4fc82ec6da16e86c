package nl.spreekuur.server.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Token buckets of one node, in memory. A bucket that has been idle long enough to be full again is the same as
 * no bucket, so such buckets are dropped now and then (every {@value #SWEEP_EVERY} acquisitions).
 */
public final class InMemoryRateLimiter implements RateLimiter {
    static final int SWEEP_EVERY = 4096;

    /** Tokens as of {@code atNanos} (clock time in nanoseconds since the epoch), and how long it takes to refill. */
    private record Bucket(double tokens, long atNanos, long fullAfterNanos) {
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong acquisitions = new AtomicLong();
    private final Clock clock;

    public InMemoryRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Decision tryAcquire(String key, Limit limit) {
        long now = nowNanos();
        if (acquisitions.incrementAndGet() % SWEEP_EVERY == 0) {
            buckets.values().removeIf(b -> now - b.atNanos() >= b.fullAfterNanos());
        }
        Decision[] decision = new Decision[1];
        buckets.compute(key, (k, bucket) -> {
            double tokens = refilled(bucket, limit, now);
            long fullAfter = (long) Math.ceil(limit.burst() / limit.perSecond() * 1e9);
            if (tokens >= 1.0) {
                decision[0] = Decision.ALLOWED;
                return new Bucket(tokens - 1.0, now, fullAfter);
            }
            long waitNanos = (long) Math.ceil((1.0 - tokens) / limit.perSecond() * 1e9);
            decision[0] = new Decision(false, Duration.ofNanos(waitNanos));
            return new Bucket(tokens, now, fullAfter);
        });
        return decision[0];
    }

    private static double refilled(Bucket bucket, Limit limit, long now) {
        if (bucket == null) {
            return limit.burst();
        }
        long elapsed = Math.max(0, now - bucket.atNanos()); // a clock stepping back refills nothing
        return Math.min(limit.burst(), bucket.tokens() + elapsed / 1e9 * limit.perSecond());
    }

    private long nowNanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
