package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Session tokens. Only a SHA-256 hash of each token is stored, so a database leak yields no usable tokens.
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

    /** Deletes sessions that expired or were revoked before the cut-off; returns how many. */
    int deleteEndedBefore(Instant cutoff);
}
