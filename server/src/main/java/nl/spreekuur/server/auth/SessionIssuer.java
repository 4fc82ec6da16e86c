package nl.spreekuur.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;

/**
 * Creates sessions: staff log in with organisation, username and password; anonymous clients get a session for an
 * organisation without giving anything personal. Blocking (store): call off the event loop; Argon2 runs on
 * {@link PasswordChecks}.
 *
 * <p>A staff session's row is written before the token is handed out, so a token works after a restart and on
 * every node sharing the store; the new session is also put in {@link RecentSessions}, so its Hello on this node
 * does not read it back. An anonymous client's token is signed ({@link SignedTokens}) and writes nothing: a
 * reconnect storm of clients asking for new tokens costs no store writes.
 */
public final class SessionIssuer {
    private final Store store;
    private final PasswordChecks checks;
    private final SecondFactor secondFactor;
    private final LoginBackoff backoff;
    private final RecentSessions recent;
    private final SignedTokens signed;
    private final Clock clock;
    private final Duration staffTtl;
    private final Duration anonymousTtl;

    public SessionIssuer(Store store, PasswordChecks checks, SecondFactor secondFactor, LoginBackoff backoff,
                         RecentSessions recent, SignedTokens signed, Clock clock, Duration staffTtl,
                         Duration anonymousTtl) {
        this.store = store;
        this.checks = checks;
        this.secondFactor = secondFactor;
        this.backoff = backoff;
        this.recent = recent;
        this.signed = signed;
        this.clock = clock;
        this.staffTtl = staffTtl;
        this.anonymousTtl = anonymousTtl;
    }

    /**
     * Checks the credentials. Unknown organisation, unknown user, disabled account and wrong password all give
     * the same empty answer after one Argon2 verification, so neither the answer nor its timing tells them apart.
     * The store lookups run on the caller's thread; the Argon2 verification on {@link PasswordChecks}; the rest
     * (back-off, audit entry, the session row) on {@code continuation}. Every attempt is audit-logged
     * ({@code login}, {@code login.failed}, {@code login.throttled}) with the organisation and account ids when
     * known, never the user name as typed or the password.
     *
     * @param organisationSlug the organisation; empty for deployment-level operator accounts
     * @throws LoginThrottledException      when the account name is in its back-off (no password check was made)
     * @throws PasswordChecks.BusyException when every password thread is busy and their queue full
     */
    public CompletableFuture<Optional<IssuedSession>> login(String organisationSlug, String username,
                                                            char[] password, Executor continuation) {
        return login(organisationSlug, username, password, "", continuation).thenApply(LoginOutcome::session);
    }

    /**
     * As {@link #login(String, String, char[], Executor)}, with the second factor: {@code code} is a TOTP code or a
     * recovery code, or empty on the first attempt. When the password is right and the account has a second
     * factor, an empty code answers {@link LoginOutcome.Step#SECOND_FACTOR_REQUIRED}; when the organisation's policy
     * asks one and the account has none, an empty code starts an enrolment
     * ({@link LoginOutcome.Step#ENROLMENT_REQUIRED}) and a code confirms it. A wrong code counts as a failed login
     * in the account's back-off, exactly like a wrong password, and is audited as {@code login.failed}
     * {@code wrong-second-factor}.
     */
    public CompletableFuture<LoginOutcome> login(String organisationSlug, String username, char[] password,
                                                 String code, Executor continuation) {
        String backoffKey = LoginBackoff.key(organisationSlug, username);
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
        String organisationId = organisation.map(Organisation::id).orElse(null);
        String accountId = account.map(Accounts.Account::id).orElse(null);
        Optional<Duration> wait = backoff.waitFor(backoffKey);
        if (wait.isPresent()) {
            audit(organisationId, accountId, "login.throttled", null);
            throw new LoginThrottledException(wait.get());
        }
        Optional<Accounts.Account> usable = account.filter(a -> !a.disabled());
        CompletableFuture<Boolean> check = usable.isEmpty()
                ? checks.verifyDummy(password)
                : checks.verify(usable.get().passwordHash(), password);
        Optional<Organisation> org = organisation;
        boolean known = account.isPresent();
        String secondFactorCode = code == null ? "" : code.strip();
        return check.thenApplyAsync(ok -> {
            if (!ok) {
                backoff.failed(backoffKey);
                String why = !known ? "unknown-account" : usable.isEmpty() ? "disabled" : "wrong-password";
                audit(organisationId, accountId, "login.failed", why);
                return LoginOutcome.refused();
            }
            return afterPassword(usable.get(), org, secondFactorCode, backoffKey);
        }, continuation);
    }

    private LoginOutcome afterPassword(Accounts.Account a, Optional<Organisation> org, String code,
                                       String backoffKey) {
        String organisationId = a.organisationId();
        if (secondFactor.enabled(a.id())) {
            if (code.isEmpty()) {
                return LoginOutcome.only(LoginOutcome.Step.SECOND_FACTOR_REQUIRED);
            }
            Optional<SecondFactor.Proof> proof = secondFactor.verify(a.id(), code);
            if (proof.isEmpty()) {
                return wrongSecondFactor(a, backoffKey);
            }
            backoff.succeeded(backoffKey);
            boolean recovery = proof.get() == SecondFactor.Proof.RECOVERY_CODE;
            audit(organisationId, a.id(), "login", recovery ? "recovery-code" : "totp");
            return LoginOutcome.signedIn(openStaffSession(a, org), java.util.List.of(),
                    recovery ? secondFactor.recoveryCodesLeft(a.id()) : -1);
        }
        if (a.organisationId() != null && secondFactor.required(a)) {
            if (code.isEmpty()) {
                String label = a.username() + org.map(o -> "@" + o.slug()).orElse("");
                SecondFactor.Enrolment enrolment = secondFactor.start(a, label);
                audit(organisationId, a.id(), "second_factor.enrolment_started", "login");
                return new LoginOutcome(LoginOutcome.Step.ENROLMENT_REQUIRED, Optional.empty(), enrolment,
                        java.util.List.of(), -1);
            }
            Optional<java.util.List<String>> recoveryCodes = secondFactor.confirm(a.id(), code);
            if (recoveryCodes.isEmpty()) {
                return wrongSecondFactor(a, backoffKey);
            }
            backoff.succeeded(backoffKey);
            audit(organisationId, a.id(), "second_factor.enabled", "login");
            audit(organisationId, a.id(), "login", "totp");
            return LoginOutcome.signedIn(openStaffSession(a, org), recoveryCodes.get(), -1);
        }
        backoff.succeeded(backoffKey);
        audit(organisationId, a.id(), "login", null);
        return LoginOutcome.signedIn(openStaffSession(a, org), java.util.List.of(), -1);
    }

    private LoginOutcome wrongSecondFactor(Accounts.Account a, String backoffKey) {
        backoff.failed(backoffKey);
        audit(a.organisationId(), a.id(), "login.failed", "wrong-second-factor");
        return LoginOutcome.only(LoginOutcome.Step.SECOND_FACTOR_INVALID);
    }

    private IssuedSession openStaffSession(Accounts.Account a, Optional<Organisation> organisation) {
        String token = Tokens.newToken();
        Instant now = clock.instant();
        Sessions.Session session = store.sessions().create(Tokens.hash(token), Sessions.Kind.STAFF, a.id(),
                a.organisationId(), now, now.plus(staffTtl));
        recent.remember(session);
        Principal principal = new Principal(a.id(), session.id(), Principal.Kind.STAFF, a.organisationId(),
                a.displayName(), a.roles(), session.expiresAt());
        return new IssuedSession(token, principal, organisation);
    }

    private void audit(String organisationId, String accountId, String action, String detail) {
        store.audit().record(new AuditLog.Entry(clock.instant(), organisationId, accountId, "STAFF", action,
                accountId == null ? null : "account", accountId, null, detail));
    }

    /**
     * A new anonymous client session in the organisation, as a signed token ({@link SignedTokens}): nothing is
     * written; empty if the organisation does not exist.
     */
    public Optional<IssuedSession> anonymous(String organisationSlug) {
        if (organisationSlug == null || organisationSlug.isBlank()) {
            return Optional.empty();
        }
        return store.organisations().bySlug(organisationSlug.trim()).map(org -> {
            UUID sessionId = UUID.randomUUID();
            Instant expiresAt = clock.instant().plus(anonymousTtl).truncatedTo(ChronoUnit.SECONDS);
            String token = signed.issue(sessionId, org.id(), expiresAt);
            Principal principal = Authenticator.anonymous(sessionId.toString(), org.id(), expiresAt);
            return new IssuedSession(token, principal, Optional.of(org));
        });
    }
}
