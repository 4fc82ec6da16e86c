package nl.spreekuur.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;

/**
 * Creates sessions: staff log in with organisation, username and password; anonymous clients get a session for an
 * organisation without giving anything personal. Blocking (store, Argon2): call off the event loop.
 *
 * <p>The session row is written before the token is handed out, so a token works after a restart and on every
 * node sharing the store; the new session is also put in {@link RecentSessions}, so its Hello on this node does not
 * read it back.
 */
public final class SessionIssuer {
    private final Store store;
    private final PasswordHasher passwords;
    private final RecentSessions recent;
    private final Clock clock;
    private final Duration staffTtl;
    private final Duration anonymousTtl;

    public SessionIssuer(Store store, PasswordHasher passwords, RecentSessions recent, Clock clock,
                         Duration staffTtl, Duration anonymousTtl) {
        this.store = store;
        this.passwords = passwords;
        this.recent = recent;
        this.clock = clock;
        this.staffTtl = staffTtl;
        this.anonymousTtl = anonymousTtl;
    }

    /**
     * Checks the credentials. Unknown organisation, unknown user, disabled account and wrong password all give
     * the same empty answer after one Argon2 verification, so neither the answer nor its timing tells them apart.
     *
     * @param organisationSlug the organisation; empty for deployment-level operator accounts
     */
    public Optional<IssuedSession> login(String organisationSlug, String username, char[] password) {
        Optional<Organisation> organisation = Optional.empty();
        Optional<Accounts.Account> account = Optional.empty();
        if (username != null && !username.isBlank()) {
            String normalised = username.trim().toLowerCase(java.util.Locale.ROOT);
            if (organisationSlug == null || organisationSlug.isBlank()) {
                account = store.accounts().byUsername(null, normalised)
                        .filter(a -> a.organisationId() == null && a.roles().contains(Role.OPERATOR));
            } else {
                organisation = store.organisations().bySlug(organisationSlug.trim());
                account = organisation.flatMap(org -> store.accounts().byUsername(org.id(), normalised));
            }
        }
        Optional<Accounts.Account> usable = account.filter(a -> !a.disabled());
        if (usable.isEmpty()) {
            passwords.verifyDummy(password);
            return Optional.empty();
        }
        if (!passwords.verify(usable.get().passwordHash(), password)) {
            return Optional.empty();
        }
        Accounts.Account a = usable.get();
        String token = Tokens.newToken();
        Instant now = clock.instant();
        Sessions.Session session = store.sessions().create(Tokens.hash(token), Sessions.Kind.STAFF, a.id(),
                a.organisationId(), now, now.plus(staffTtl));
        recent.remember(session);
        Principal principal = new Principal(a.id(), session.id(), Principal.Kind.STAFF, a.organisationId(),
                a.displayName(), a.roles(), session.expiresAt());
        return Optional.of(new IssuedSession(token, principal, organisation));
    }

    /** A new anonymous client session in the organisation; empty if the organisation does not exist. */
    public Optional<IssuedSession> anonymous(String organisationSlug) {
        if (organisationSlug == null || organisationSlug.isBlank()) {
            return Optional.empty();
        }
        return store.organisations().bySlug(organisationSlug.trim()).map(org -> {
            String token = Tokens.newToken();
            Instant now = clock.instant();
            Sessions.Session session = store.sessions().create(Tokens.hash(token), Sessions.Kind.ANONYMOUS_CLIENT,
                    null, org.id(), now, now.plus(anonymousTtl));
            recent.remember(session);
            Principal principal = new Principal(session.id(), session.id(), Principal.Kind.ANONYMOUS_CLIENT,
                    org.id(), "", Set.of(), session.expiresAt());
            return new IssuedSession(token, principal, Optional.of(org));
        });
    }
}
