package nl.spreekuur.server.transport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.LocalSessions;
import nl.spreekuur.server.store.Store;

/**
 * Ends sessions everywhere: a revocation is stored, published on the broker's {@value #CONTROL_CHANNEL} channel so
 * every node closes that session's sockets (1008 "session revoked"), and applied locally at once. Expired sessions
 * are closed by {@link #closeExpired()}, which the server runs every second.
 */
public final class SessionRevocations {
    public static final String CONTROL_CHANNEL = "control";
    private static final String REVOKED = "session-revoked ";

    private final Store store;
    private final Broker broker;
    private final LocalSessions sessions;
    private final Clock clock;

    public SessionRevocations(Store store, Broker broker, LocalSessions sessions, Clock clock) {
        this.store = store;
        this.broker = broker;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Revokes the token session and closes its sockets on every node. Blocking (store). */
    public void revoke(String sessionId) {
        store(sessionId);
        announce(sessionId);
    }

    /** First half of {@link #revoke}: the token stops working (for new connections and requests). */
    public void store(String sessionId) {
        store.sessions().revoke(sessionId, clock.instant());
    }

    /** Revokes every session of the account (e.g. when it is disabled); returns the revoked session ids. */
    public List<String> revokeAllOfAccount(String accountId) {
        List<String> revoked = store.sessions().revokeAllOfAccount(accountId, clock.instant());
        revoked.forEach(this::announce);
        return revoked;
    }

    /** Second half of {@link #revoke}: closes the session's sockets here and, via the broker, on every node. */
    public void announce(String sessionId) {
        broker.publish(CONTROL_CHANNEL, (REVOKED + sessionId).getBytes(StandardCharsets.UTF_8));
        closeLocal(sessionId, "session revoked");
    }

    /** A publication on the control channel (from this or another node). */
    public void onControlMessage(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.startsWith(REVOKED)) {
            closeLocal(text.substring(REVOKED.length()), "session revoked");
        }
    }

    /** Closes this node's sockets of a token session with 1008. */
    public void closeLocal(String sessionId, String reason) {
        for (ClientSession session : sessions.ofTokenSession(sessionId)) {
            session.close(CloseCodes.POLICY_VIOLATION, reason);
        }
    }

    /** Closes every local socket whose session has expired (1008 "session expired"). */
    public void closeExpired() {
        Instant now = clock.instant();
        for (ClientSession session : sessions.all()) {
            if (!session.principal().expiresAt().isAfter(now)) {
                session.close(CloseCodes.POLICY_VIOLATION, "session expired");
            }
        }
    }
}
