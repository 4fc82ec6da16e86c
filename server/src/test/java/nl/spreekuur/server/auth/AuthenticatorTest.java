package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
        issuer = new SessionIssuer(store, passwords, secondFactor(), backoff(), recent, clock, Duration.ofHours(12), Duration.ofHours(24));
        authenticator = new Authenticator(store, revocations, recent, clock);
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
    void aRevokedTokenStaysRevokedAndAValidOneKeepsWorkingAfterARestart(@TempDir Path dataDir) {
        store.close();
        store = StoreOpener.open(StoreSettings.embedded(dataDir), clock);
        org = store.organisations().create("demo", "Demo Welzijn");
        IssuedSession kept = issuer().anonymous("demo").orElseThrow();
        IssuedSession revoked = issuer().anonymous("demo").orElseThrow();
        store.sessions().revoke(revoked.principal().sessionId(), clock.instant());
        store.close();

        store = StoreOpener.open(StoreSettings.embedded(dataDir), clock);
        Authenticator restarted = new Authenticator(store, new InMemoryTokenRevocations(clock),
                new RecentSessions(clock), clock);
        assertThat(restarted.authenticate(kept.token())).isPresent();
        assertThat(restarted.authenticate(revoked.token())).isEmpty();
    }

    /**
     * The bound of the cache: a revocation written to the store alone (no path of the server does that; it is the
     * case of another node whose announcement was lost) counts here at the latest when the entry leaves the cache.
     */
    @Test
    void aStoreOnlyRevocationCountsOnceTheRecentEntryIsGone() {
        IssuedSession issued = issuer.anonymous("demo").orElseThrow();
        store.sessions().revoke(issued.principal().sessionId(), clock.instant());
        clock.advance(RecentSessions.KEPT);
        assertThat(authenticator.authenticate(issued.token())).isEmpty();
    }

    private SessionIssuer issuer() {
        return new SessionIssuer(store, passwords, secondFactor(), backoff(), new RecentSessions(clock), clock, Duration.ofHours(12),
                Duration.ofHours(24));
    }

    /** What {@code SessionRevocations.store} does: the durable record, then the shared fast check. */
    private void revoke(IssuedSession issued) {
        store.sessions().revoke(issued.principal().sessionId(), clock.instant());
        revocations.revoke(issued.principal().sessionId(), issued.principal().expiresAt());
    }
}
