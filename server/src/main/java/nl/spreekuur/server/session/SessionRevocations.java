package nl.spreekuur.server.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.RecentSessions;
import nl.spreekuur.server.auth.TokenRevocations;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;

/**
 * Ends sessions everywhere: a revocation is stored (the durable record), remembered in the shared
 * {@link TokenRevocations}, published on the broker's {@value #CONTROL_CHANNEL} channel so every node closes that
 * session's sockets (1008 "session revoked"), and applied locally at once. Expired sessions are closed by
 * {@link #closeExpired()}, which the server runs every second.
 *
 * <p>The control channel carries only revocations, as UTF-8 text {@code session-revoked <sessionId>}; the server
 * hands its publications to {@link #onControlMessage} and to nothing else.
 */
public final class SessionRevocations {
    public static final String CONTROL_CHANNEL = "control";
    private static final String REVOKED = "session-revoked ";

    private final Store store;
    private final Broker broker;
    private final LocalSessions sessions;
    private final TokenRevocations tokens;
    private final Clock clock;

    public SessionRevocations(Store store, Broker broker, LocalSessions sessions, TokenRevocations tokens,
                              Clock clock) {
        this.store = store;
        this.broker = broker;
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Revokes the token session and closes its sockets on every node. Blocking (store). */
    public void revoke(String sessionId, Instant expiresAt) {
        store(sessionId, expiresAt);
        announce(sessionId);
    }

    /** First half of {@link #revoke}: the token stops working (for new connections and requests). */
    public void store(String sessionId, Instant expiresAt) {
        store.sessions().revoke(sessionId, clock.instant());
        remember(sessionId, expiresAt);
    }

    /** Remembers a revocation the store already holds in the shared check, so the token is refused at once. */
    public void remember(String sessionId, Instant expiresAt) {
        tokens.revoke(sessionId, expiresAt);
    }

    /** Revokes every session of the account (e.g. when it is disabled); returns the revoked session ids. */
    public List<String> revokeAllOfAccount(String accountId) {
        List<String> revoked = store.sessions().revokeAllOfAccount(accountId, clock.instant());
        for (String sessionId : revoked) {
            store.sessions().byId(sessionId).map(Sessions.Session::expiresAt)
                    .ifPresent(expiresAt -> remember(sessionId, expiresAt));
            announce(sessionId);
        }
        return revoked;
    }

    /** Second half of {@link #revoke}: closes the session's sockets here and, via the broker, on every node. */
    public void announce(String sessionId) {
        broker.publish(CONTROL_CHANNEL, (REVOKED + sessionId).getBytes(StandardCharsets.UTF_8));
        closeLocal(sessionId, "session revoked");
    }

    /** True if the token session was revoked (the shared fast check; the store holds the durable record). */
    public boolean isRevoked(String sessionId) {
        return tokens.isRevoked(sessionId);
    }

    /**
     * A publication on the control channel (from this or another node). The revocation is also remembered here
     * for {@link RecentSessions#KEPT}: this node may answer the token from its recent sessions without the store
     * for that long, and the revoking node's in-memory check is not this node's.
     */
    public void onControlMessage(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.startsWith(REVOKED)) {
            String sessionId = text.substring(REVOKED.length());
            tokens.revoke(sessionId, clock.instant().plus(RecentSessions.KEPT));
            closeLocal(sessionId, "session revoked");
        }
    }

    /** Closes this node's sockets of a token session with 1008. */
    public void closeLocal(String sessionId, String reason) {
        for (ClientSession session : sessions.ofTokenSession(sessionId)) {
            session.close(CloseCodes.POLICY_VIOLATION, reason);
        }
    }

    /**
     * The backstop behind revocations (which are announced, and could be missed, e.g. while Redis was away):
     * checks every local staff socket against the store — the token session is still valid, the account exists,
     * is not disabled and has the roles the socket was authenticated with — and revokes the session of every one
     * that fails (its sockets close with 1008 "session revoked" on every node; the person logs in again, getting
     * their current roles). One store read per session and per account. Blocking (store).
     *
     * @return the number of sessions revoked
     */
    public int revalidateStaff() {
        Instant now = clock.instant();
        java.util.Map<String, Principal> bySession = new java.util.HashMap<>();
        for (ClientSession session : sessions.all()) {
            Principal principal = session.principal();
            if (principal.kind() == Principal.Kind.STAFF) {
                bySession.putIfAbsent(principal.sessionId(), principal);
            }
        }
        int revoked = 0;
        for (Principal principal : bySession.values()) {
            if (!stillValid(principal, now)) {
                revoke(principal.sessionId(), principal.expiresAt());
                revoked++;
            }
        }
        return revoked;
    }

    private boolean stillValid(Principal principal, Instant now) {
        boolean session = store.sessions().byId(principal.sessionId())
                .filter(s -> s.isValidAt(now) && principal.id().equals(s.accountId())).isPresent();
        return session && store.accounts().byId(principal.id())
                .filter(account -> !account.disabled() && account.roles().equals(principal.roles())).isPresent();
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
