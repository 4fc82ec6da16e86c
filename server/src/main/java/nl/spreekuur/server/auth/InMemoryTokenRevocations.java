package nl.spreekuur.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revoked token sessions of one node, forgotten at their expiry (entries past it are dropped by a revoke at most
 * once a {@link #PRUNE_EVERY}, so loading many at start stays linear).
 */
public final class InMemoryTokenRevocations implements TokenRevocations {
    static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private final Map<String, Instant> revokedUntil = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant pruned = Instant.MIN;

    public InMemoryTokenRevocations(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void revoke(String sessionId, Instant expiresAt) {
        Instant now = clock.instant();
        if (now.isAfter(pruned.plus(PRUNE_EVERY))) {
            pruned = now;
            revokedUntil.values().removeIf(until -> !until.isAfter(now));
        }
        if (expiresAt.isAfter(now)) {
            revokedUntil.merge(sessionId, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Override
    public boolean isRevoked(String sessionId) {
        Instant until = revokedUntil.get(sessionId);
        return until != null && until.isAfter(clock.instant());
    }
}
