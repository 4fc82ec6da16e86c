package nl.spreekuur.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Revoked token sessions of one node, forgotten at their expiry (entries past it are dropped on each revoke). */
public final class InMemoryTokenRevocations implements TokenRevocations {
    private final Map<String, Instant> revokedUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryTokenRevocations(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void revoke(String sessionId, Instant expiresAt) {
        Instant now = clock.instant();
        revokedUntil.values().removeIf(until -> !until.isAfter(now));
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
