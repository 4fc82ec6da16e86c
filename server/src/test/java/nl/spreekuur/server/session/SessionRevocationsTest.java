package nl.spreekuur.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import nl.spreekuur.server.auth.InMemoryTokenRevocations;
import nl.spreekuur.server.auth.RecentSessions;
import nl.spreekuur.server.broker.InMemoryBroker;
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
    private final SessionRevocations revocations = new SessionRevocations(store, broker, sessions, tokens, clock);

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
        clock.advance(RecentSessions.KEPT.minusSeconds(1));
        assertThat(revocations.isRevoked(sessionId)).isTrue();
        clock.advance(RecentSessions.KEPT);
        assertThat(revocations.isRevoked(sessionId)).isFalse();
    }
}
