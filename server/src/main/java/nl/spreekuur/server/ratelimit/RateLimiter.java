package nl.spreekuur.server.ratelimit;

import java.time.Duration;

/**
 * Shared state across nodes: rate-limit counters per identity (e.g. {@code ws:<principalId>}), so a limit holds
 * for a person however many connections they have and on whichever nodes. Each key is a token bucket: it holds up
 * to {@link Limit#burst()} tokens, refilled at {@link Limit#perSecond()}; each acquisition takes one. Time is the
 * injected clock's.
 *
 * <p>One node: {@link InMemoryRateLimiter}. Several nodes: {@link RedisRateLimiter} (local buckets synced every
 * second; both pass the same contract test). Per-connection limits stay local to the connection (the transport's
 * own bucket).
 */
public interface RateLimiter {

    /** A token bucket: {@code burst} at once, {@code perSecond} sustained. */
    record Limit(int burst, double perSecond) {
        public Limit {
            if (burst < 1 || !(perSecond > 0)) {
                throw new IllegalArgumentException("a limit needs a burst of at least 1 and a positive rate");
            }
        }
    }

    /** @param retryAfter how long until the next acquisition can succeed; zero when allowed */
    record Decision(boolean allowed, Duration retryAfter) {
        public static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    /** Takes one token from the key's bucket if it has one. */
    Decision tryAcquire(String key, Limit limit);
}
