package nl.spreekuur.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;

/**
 * Turns a bearer token into a {@link Principal}: the session must exist, be neither expired nor revoked (in the
 * store or in the shared {@link TokenRevocations}), and a
 * staff session's account must still exist and be enabled. Blocking (store): call off the event loop.
 *
 * <p>An anonymous client's token is signed ({@link SignedTokens}): it is checked by its signature, its expiry (also
 * against the configured lifetime, so shortening {@code session.anonymous-ttl-minutes} shortens tokens already
 * out) and {@link TokenRevocations}, without the store. A stored session this node issued or looked up recently
 * comes from {@link RecentSessions} instead of the store; the revocation check and (for staff) the account check
 * are made on every use all the same.
 */
public final class Authenticator {
    private final Store store;
    private final TokenRevocations revocations;
    private final RecentSessions recent;
    private final SignedTokens signed;
    private final Duration anonymousTtl;
    private final Clock clock;

    public Authenticator(Store store, TokenRevocations revocations, RecentSessions recent, SignedTokens signed,
                         Duration anonymousTtl, Clock clock) {
        this.store = store;
        this.revocations = revocations;
        this.recent = recent;
        this.signed = signed;
        this.anonymousTtl = anonymousTtl;
        this.clock = clock;
    }

    public Optional<Principal> authenticate(String token) {
        if (!Tokens.plausible(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (SignedTokens.looksSigned(token)) {
            return signed.verify(token)
                    .filter(claims -> now.isBefore(claims.expiresAt())
                            && !claims.expiresAt().isAfter(now.plus(anonymousTtl))
                            && !revocations.isRevoked(claims.sessionId()))
                    .map(claims -> anonymous(claims.sessionId(), claims.organisationId(), claims.expiresAt()));
        }
        return session(Tokens.hash(token), now)
                .filter(session -> session.isValidAt(now) && !revocations.isRevoked(session.id()))
                .flatMap(this::principalOf);
    }

    private Optional<Sessions.Session> session(String tokenHash, Instant now) {
        Sessions.Session cached = recent.get(tokenHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Sessions.Session> stored = store.sessions().byTokenHash(tokenHash);
        stored.filter(session -> session.isValidAt(now)).ifPresent(recent::remember);
        return stored;
    }

    /** The principal of a stored session, without checking validity (callers decide about time). */
    public Optional<Principal> principalOf(Sessions.Session session) {
        if (session.kind() == Sessions.Kind.ANONYMOUS_CLIENT) {
            return Optional.of(anonymous(session.id(), session.organisationId(), session.expiresAt()));
        }
        if (session.kind() == Sessions.Kind.ROOM_MEMBER) {
            // Removal and leaving revoke the session, so a valid session is a current member.
            return Optional.of(new Principal(session.id(), session.id(), Principal.Kind.ROOM_MEMBER,
                    session.organisationId(), "", Set.of(), session.expiresAt()));
        }
        return store.accounts().byId(session.accountId())
                .filter(account -> !account.disabled())
                .map(account -> staffPrincipal(account, session));
    }

    static Principal anonymous(String sessionId, String organisationId, Instant expiresAt) {
        return new Principal(sessionId, sessionId, Principal.Kind.ANONYMOUS_CLIENT, organisationId, "", Set.of(),
                expiresAt);
    }

    private static Principal staffPrincipal(Accounts.Account account, Sessions.Session session) {
        return new Principal(account.id(), session.id(), Principal.Kind.STAFF, account.organisationId(),
                account.displayName(), account.roles(), session.expiresAt());
    }
}
