package nl.spreekuur.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import nl.spreekuur.server.auth.InMemoryTokenRevocations;
import nl.spreekuur.server.auth.RecentSessions;
import nl.spreekuur.server.broker.InMemoryBroker;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.RecordingSession;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionRevocationsTest {
    private final TestClock clock = new TestClock();
    private final Store store = StoreOpener.open(StoreSettings.inMemory("revocations-" + UUID.randomUUID()), clock);
    private final InMemoryBroker broker = new InMemoryBroker();
    private final LocalSessions sessions = new LocalSessions();
    private final InMemoryTokenRevocations tokens = new InMemoryTokenRevocations(clock);
    private final SessionRevocations revocations = new SessionRevocations(store, broker, sessions, tokens,
            Duration.ofDays(1), clock);

    @AfterEach
    void close() {
        broker.close();
        store.close();
    }

    /**
     * Another node revoked the token: its sockets here close, and the token is refused here for as long as this
     * node may answer it from its recent sessions without asking the store (which holds the revocation).
     */
    @Test
    void aRevocationAnnouncedByAnotherNodeIsRememberedForTheRecentSessionsWindow() {
        RecordingSession client = RecordingSession.client("org-1");
        sessions.add(client);
        String sessionId = client.principal().sessionId();

        revocations.onControlMessage(("session-revoked " + sessionId).getBytes(StandardCharsets.UTF_8));

        assertThat(client.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        assertThat(revocations.isRevoked(sessionId)).isTrue();
        clock.advance(SessionRevocations.ANNOUNCED_KEPT.minusSeconds(1));
        assertThat(revocations.isRevoked(sessionId)).isTrue();
        assertThat(SessionRevocations.ANNOUNCED_KEPT).isGreaterThanOrEqualTo(RecentSessions.KEPT)
                .isGreaterThanOrEqualTo(SessionRevocations.RESTORE_INTERVAL);
        clock.advance(Duration.ofSeconds(1));
        assertThat(revocations.isRevoked(sessionId)).isFalse();
    }

    @Test
    void aSignedSessionsRevocationIsStoredAndOutlivesARestart() {
        String signed = UUID.randomUUID().toString();
        Instant expires = clock.instant().plus(Duration.ofHours(2));

        revocations.store(signed, expires);

        assertThat(revocations.isRevoked(signed)).isTrue();
        assertThat(store.sessions().revokedTokens(Instant.EPOCH, clock.instant()))
                .extracting(Sessions.RevokedToken::sessionId).containsExactly(signed);
        InMemoryTokenRevocations afterRestart = new InMemoryTokenRevocations(clock);
        SessionRevocations restarted = new SessionRevocations(store, broker, sessions, afterRestart,
                Duration.ofDays(1), clock);
        assertThat(afterRestart.isRevoked(signed)).isFalse();
        assertThat(restarted.restoreUnstored()).isEqualTo(1);
        assertThat(afterRestart.isRevoked(signed)).isTrue();
        clock.advance(Duration.ofHours(2));
        assertThat(afterRestart.isRevoked(signed)).isFalse();
    }

    @Test
    void laterRestoresPickUpWhatOtherNodesRevokedSinceAndNothingExpired() {
        InMemoryTokenRevocations here = new InMemoryTokenRevocations(clock);
        SessionRevocations thisNode = new SessionRevocations(store, broker, sessions, here, Duration.ofDays(1), clock);
        String early = UUID.randomUUID().toString();
        String expired = UUID.randomUUID().toString();
        revocations.store(early, clock.instant().plus(Duration.ofHours(1)));
        revocations.store(expired, clock.instant().plus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(10));
        assertThat(thisNode.restoreUnstored()).isEqualTo(1);
        assertThat(here.isRevoked(early)).isTrue();
        assertThat(here.isRevoked(expired)).isFalse();

        clock.advance(Duration.ofMinutes(10));
        String later = UUID.randomUUID().toString();
        revocations.store(later, clock.instant().plus(Duration.ofHours(1)));
        // only what was revoked since the previous restore (less its overlap) is read again
        assertThat(thisNode.restoreUnstored()).isEqualTo(1);
        assertThat(here.isRevoked(later)).isTrue();
    }

    @Test
    void revokingByIdUsesTheStoredExpiryOrTheLongestLifeOfASignedToken() {
        Instant now = clock.instant();
        Sessions.Session stored = store.sessions().create("hash-" + UUID.randomUUID(), Sessions.Kind.ANONYMOUS_CLIENT,
                null, null, now, now.plus(Duration.ofHours(3)));
        String signed = UUID.randomUUID().toString();

        revocations.revokeById(stored.id());
        revocations.revokeById(signed);

        assertThat(store.sessions().byId(stored.id()).orElseThrow().revokedAt()).isNotNull();
        assertThat(store.sessions().revokedTokens(Instant.EPOCH, now))
                .containsExactly(new Sessions.RevokedToken(signed, now.plus(Duration.ofDays(1)), now));
        clock.advance(Duration.ofHours(3));
        assertThat(revocations.isRevoked(stored.id())).isFalse();
        assertThat(revocations.isRevoked(signed)).isTrue();
        clock.advance(Duration.ofDays(1).minusHours(3));
        assertThat(revocations.isRevoked(signed)).isFalse();
    }
}
