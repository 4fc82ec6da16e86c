package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    private static final SignedTokens SIGNED = SignedTokens.fromStoreKey("0f".repeat(32));
    private final TestClock clock = new TestClock();
    private final PasswordChecks passwords = new PasswordChecks(1, 8, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    private Store store;
    private InMemoryTokenRevocations revocations;
    private SessionIssuer issuer;
    private Authenticator authenticator;
    private Organisation org;
    private Account anna;

    @BeforeEach
    void open() {
        store = StoreOpener.open(StoreSettings.inMemory("auth-" + UUID.randomUUID()), clock);
        revocations = new InMemoryTokenRevocations(clock);
        RecentSessions recent = new RecentSessions(clock);
        issuer = new SessionIssuer(store, passwords, secondFactor(), backoff(), recent, SIGNED, clock, Duration.ofHours(12),
                Duration.ofHours(24));
        authenticator = new Authenticator(store, revocations, recent, SIGNED, Duration.ofHours(24), clock);
        org = store.organisations().create("demo", "Demo Welzijn");
        anna = store.accounts().create(org.id(), "anna", "Anna", passwords.hash(PASSWORD), Set.of(Role.PROFESSIONAL));
    }

    /** A fixed store key: these tests never enrol a second factor (SecondFactorLoginTest does). */
    private SecondFactor secondFactor() {
        return new SecondFactor(store.secondFactors(), new TotpSecrets(() -> "0f".repeat(32)), clock);
    }

    private LoginBackoff backoff() {
        return new LoginBackoff(clock, 1000, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @AfterEach
    void close() {
        passwords.close();
        store.close();
    }

    @Test
    void onlyTheHashOfTheTokenIsStored() {
        IssuedSession issued = issuer.login("demo", "ANNA", PASSWORD, Runnable::run).join().orElseThrow();
        var session = store.sessions().byId(issued.principal().sessionId()).orElseThrow();
        assertThat(session.tokenHash()).isEqualTo(Tokens.hash(issued.token())).isNotEqualTo(issued.token());
    }

    @Test
    void staffPrincipalUntilExpiry() {
        IssuedSession issued = issuer.login("demo", "anna", PASSWORD, Runnable::run).join().orElseThrow();
        Principal principal = authenticator.authenticate(issued.token()).orElseThrow();
        assertThat(principal.id()).isEqualTo(anna.id());
        assertThat(principal.isStaff()).isTrue();
        assertThat(principal.organisationId()).isEqualTo(org.id());
        assertThat(principal.roles()).containsExactly(Role.PROFESSIONAL);
        assertThat(principal.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));

        clock.advance(Duration.ofHours(12).minusSeconds(1));
        assertThat(authenticator.authenticate(issued.token())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(authenticator.authenticate(issued.token())).isEmpty();
    }

    @Test
    void anonymousPrincipalIsItsSession() {
        IssuedSession issued = issuer.anonymous("demo").orElseThrow();
        Principal principal = authenticator.authenticate(issued.token()).orElseThrow();
        assertThat(principal.isAnonymous()).isTrue();
        assertThat(principal.id()).isEqualTo(principal.sessionId());
        assertThat(principal.roles()).isEmpty();
        assertThat(principal.displayName()).isEmpty();
        assertThat(issuer.anonymous("unknown")).isEmpty();
    }

    @Test
    void revokedOrDisabledIsNoLongerAuthenticated() {
        IssuedSession first = issuer.login("demo", "anna", PASSWORD, Runnable::run).join().orElseThrow();
        IssuedSession second = issuer.login("demo", "anna", PASSWORD, Runnable::run).join().orElseThrow();
        revoke(first);
        assertThat(authenticator.authenticate(first.token())).isEmpty();
        assertThat(authenticator.authenticate(second.token())).isPresent();
        store.accounts().update(anna.id(), anna.displayName(), anna.roles(), true);
        assertThat(authenticator.authenticate(second.token())).isEmpty();
        assertThat(issuer.login("demo", "anna", PASSWORD, Runnable::run).join()).isEmpty();
    }

    @Test
    void unknownTokensAreRefused() {
        assertThat(authenticator.authenticate(Tokens.newToken())).isEmpty();
        assertThat(authenticator.authenticate("")).isEmpty();
        assertThat(authenticator.authenticate(null)).isEmpty();
    }

    @Test
    void aTamperedTokenIsRefusedAlthoughItsSessionIsKnown() {
        String token = issuer.anonymous("demo").orElseThrow().token();
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(authenticator.authenticate(tampered)).isEmpty();
        assertThat(authenticator.authenticate(token + "A")).isEmpty();
        assertThat(authenticator.authenticate(token)).isPresent();
    }

    @Test
    void theHelloRightAfterAnAnonymousTokenRequestNeedsNoStore() {
        IssuedSession issued = issuer.anonymous("demo").orElseThrow();
        store.close();
        assertThat(authenticator.authenticate(issued.token())).map(Principal::sessionId)
                .contains(issued.principal().sessionId());
    }

    @Test
    void aRecentlyIssuedSessionIsRefusedOnceRevokedOrExpired() {
        IssuedSession revoked = issuer.anonymous("demo").orElseThrow();
        IssuedSession expiring = issuer.anonymous("demo").orElseThrow();
        revoke(revoked);
        assertThat(authenticator.authenticate(revoked.token())).isEmpty();
        assertThat(authenticator.authenticate(expiring.token())).isPresent();
        clock.advance(Duration.ofHours(24));
        assertThat(authenticator.authenticate(expiring.token())).isEmpty();
    }

    @Test
    void aRevokedStoredTokenStaysRevokedAndAValidOneKeepsWorkingAfterARestart(@TempDir Path dataDir) {
        store.close();
        store = StoreOpener.open(StoreSettings.embedded(dataDir), clock);
        org = store.organisations().create("demo", "Demo Welzijn");
        store.accounts().create(org.id(), "anna", "Anna", passwords.hash(PASSWORD), Set.of(Role.PROFESSIONAL));
        IssuedSession kept = issuer().login("demo", "anna", PASSWORD, Runnable::run).join().orElseThrow();
        IssuedSession revoked = issuer().login("demo", "anna", PASSWORD, Runnable::run).join().orElseThrow();
        store.sessions().revoke(revoked.principal().sessionId(), clock.instant());
        store.close();

        store = StoreOpener.open(StoreSettings.embedded(dataDir), clock);
        assertThat(restartedAuthenticator().authenticate(kept.token())).isPresent();
        assertThat(restartedAuthenticator().authenticate(revoked.token())).isEmpty();
    }

    @Test
    void anAnonymousTokenIsSignedWritesNothingAndWorksAfterARestart(@TempDir Path dataDir) {
        store.close();
        store = StoreOpener.open(StoreSettings.embedded(dataDir), clock);
        org = store.organisations().create("demo", "Demo Welzijn");
        IssuedSession issued = issuer().anonymous("demo").orElseThrow();
        assertThat(SignedTokens.looksSigned(issued.token())).isTrue();
        assertThat(issued.token()).hasSizeLessThanOrEqualTo(Tokens.MAX_TOKEN_LENGTH);
        assertThat(store.sessions().byId(issued.principal().sessionId())).isEmpty();
        store.close();

        store = StoreOpener.open(StoreSettings.embedded(dataDir), clock);
        assertThat(restartedAuthenticator().authenticate(issued.token())).contains(issued.principal());
    }

    @Test
    void signedTokensOfAnotherKeyOrLivingLongerThanTheLifetimeAreRefused() {
        Instant soon = clock.instant().plus(Duration.ofHours(1));
        String otherKey = SignedTokens.fromStoreKey("1e".repeat(32)).issue(UUID.randomUUID(), org.id(), soon);
        String tooLong = SIGNED.issue(UUID.randomUUID(), org.id(), clock.instant().plus(Duration.ofHours(25)));
        String fine = SIGNED.issue(UUID.randomUUID(), org.id(), soon);
        assertThat(authenticator.authenticate(otherKey)).isEmpty();
        assertThat(authenticator.authenticate(tooLong)).isEmpty();
        assertThat(authenticator.authenticate(fine)).map(Principal::expiresAt).contains(soon.truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS));
    }

    /**
     * The bound of the cache: a revocation written to the store alone (no path of the server does that; it is the
     * case of another node whose announcement was lost) counts here at the latest when the entry leaves the cache.
     */
    @Test
    void aStoreOnlyRevocationCountsOnceTheRecentEntryIsGone() {
        IssuedSession issued = issuer.login("demo", "anna", PASSWORD, Runnable::run).join().orElseThrow();
        assertThat(authenticator.authenticate(issued.token())).isPresent();
        store.sessions().revoke(issued.principal().sessionId(), clock.instant());
        clock.advance(RecentSessions.KEPT);
        assertThat(authenticator.authenticate(issued.token())).isEmpty();
    }

    private Authenticator restartedAuthenticator() {
        return new Authenticator(store, new InMemoryTokenRevocations(clock), new RecentSessions(clock), SIGNED,
                Duration.ofHours(24), clock);
    }

    private SessionIssuer issuer() {
        return new SessionIssuer(store, passwords, secondFactor(), backoff(), new RecentSessions(clock), SIGNED, clock, Duration.ofHours(12),
                Duration.ofHours(24));
    }

    /** What {@code SessionRevocations.store} does: the durable record, then the shared fast check. */
    private void revoke(IssuedSession issued) {
        if (!store.sessions().revoke(issued.principal().sessionId(), clock.instant())) {
            store.sessions().revokeUnstored(issued.principal().sessionId(), issued.principal().expiresAt(),
                    clock.instant());
        }
        revocations.revoke(issued.principal().sessionId(), issued.principal().expiresAt());
    }
}
