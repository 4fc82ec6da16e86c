package nl.spreekuur.server.auth;

import java.time.Clock;
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
 * <p>A session this node issued or looked up recently comes from {@link RecentSessions} instead of the store, so
 * an anonymous client's Hello right after its token request costs no store access; the revocation check and (for
 * staff) the account check are made on every use all the same.
 */
public final class Authenticator {
    private final Store store;
    private final TokenRevocations revocations;
    private final RecentSessions recent;
    private final Clock clock;

    public Authenticator(Store store, TokenRevocations revocations, RecentSessions recent, Clock clock) {
        this.store = store;
        this.revocations = revocations;
        this.recent = recent;
        this.clock = clock;
    }

    public Optional<Principal> authenticate(String token) {
        if (!Tokens.plausible(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
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
            return Optional.of(new Principal(session.id(), session.id(), Principal.Kind.ANONYMOUS_CLIENT,
                    session.organisationId(), "", Set.of(), session.expiresAt()));
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

    private static Principal staffPrincipal(Accounts.Account account, Sessions.Session session) {
        return new Principal(account.id(), session.id(), Principal.Kind.STAFF, account.organisationId(),
                account.displayName(), account.roles(), session.expiresAt());
    }
}
