package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Session tokens. Only a SHA-256 hash of each token is stored, so a database leak yields no usable tokens.
 *
 * <p>Anonymous clients' tokens from {@code POST /api/anonymous} are signed instead ({@code auth.SignedTokens}) and
 * have no row here: only their revocations are stored ({@link #revokeUnstored}), and the fingerprint of the key
 * that signs them ({@link #tokenKeyFingerprint}).
 */
public interface Sessions {

    /** ROOM_MEMBER: the credential of one member of one group room (see {@link Rooms}); no account. */
    enum Kind { ANONYMOUS_CLIENT, STAFF, ROOM_MEMBER }

    /**
     * @param accountId null for anonymous clients and room members
     * @param revokedAt null while valid
     */
    record Session(String id, String tokenHash, Kind kind, String accountId, String organisationId,
                   Instant createdAt, Instant expiresAt, Instant revokedAt) {
        public boolean isValidAt(Instant now) {
            return revokedAt == null && now.isBefore(expiresAt);
        }
    }

    /** Stores a new session; the id is assigned. */
    Session create(String tokenHash, Kind kind, String accountId, String organisationId, Instant createdAt,
                   Instant expiresAt);

    Optional<Session> byTokenHash(String tokenHash);

    Optional<Session> byId(String id);

    /** Marks the session revoked; returns false if it was unknown or already revoked. */
    boolean revoke(String sessionId, Instant at);

    /** Revokes every valid session of the account; returns the revoked session ids. */
    List<String> revokeAllOfAccount(String accountId, Instant at);

    /**
     * Deletes sessions that expired or were revoked before the cut-off, and revocations of tokens without a row
     * that expired before it; returns how many.
     */
    int deleteEndedBefore(Instant cutoff);

    /** A revoked token that has no session row (a signed token), kept until {@code expiresAt}. */
    record RevokedToken(String sessionId, Instant expiresAt, Instant revokedAt) {
    }

    /**
     * Records the revocation of a token session that has no row (a signed token) until {@code expiresAt}. Does
     * nothing if the session has a row (use {@link #revoke}) or its revocation is already recorded.
     */
    void revokeUnstored(String sessionId, Instant expiresAt, Instant at);

    /** Recorded revocations of tokens without a row, revoked at or after {@code revokedSince} and not expired at {@code now}. */
    List<RevokedToken> revokedTokens(Instant revokedSince, Instant now);

    /**
     * The fingerprint of the key that signs tokens: stores {@code fingerprint} if none is stored yet and returns
     * the stored one (so the first node's key wins, and a node with another key can tell).
     */
    String tokenKeyFingerprint(String fingerprint);
}
