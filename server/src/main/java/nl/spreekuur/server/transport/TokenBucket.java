package nl.spreekuur.server.transport;

import java.time.Clock;

/**
 * A token bucket: holds up to {@code burst} tokens, refilled at {@code ratePerSecond}; each message takes one.
 * Not thread-safe (one per connection, used on its event loop). Time comes from the injected clock; a clock that
 * steps back refills nothing rather than draining.
 */
final class TokenBucket {
    private final double tokensPerMilli;
    private final int burst;
    private final Clock clock;
    private double tokens;
    private long lastRefillMillis;

    TokenBucket(double ratePerSecond, int burst, Clock clock) {
        this.tokensPerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastRefillMillis = clock.millis();
    }

    boolean tryTake() {
        refill();
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    private void refill() {
        long now = clock.millis();
        long elapsed = now - lastRefillMillis;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerMilli);
            lastRefillMillis = now;
        } else if (elapsed < 0) {
            lastRefillMillis = now;
        }
    }
}
