package nl.spreekuur.server.auth;

import java.time.Instant;

/**
 * Shared state across nodes: which token sessions are revoked. The store keeps the durable record
 * ({@code sessions.revoked_at}, and {@code revoked_tokens} for signed tokens, which the server puts back in here at
 * start and every 30 s: {@code SessionRevocations.restoreUnstored}); this is the fast check every node makes when a
 * token is presented (for a signed token the only one), and it closes the race of a Hello that was checked just
 * before a revocation. A revocation is remembered until the token would have expired anyway, judged by the
 * injected clock; each implementation keeps every revocation it is given in this node's memory too.
 *
 * <p>One node: {@link InMemoryTokenRevocations}. Several nodes: {@link RedisTokenRevocations}; both pass the same
 * contract test.
 */
public interface TokenRevocations {

    /** The token session is revoked; remembered until {@code expiresAt} (its natural expiry). */
    void revoke(String sessionId, Instant expiresAt);

    /** True while a revocation of the session is remembered (before its expiry). */
    boolean isRevoked(String sessionId);
}
