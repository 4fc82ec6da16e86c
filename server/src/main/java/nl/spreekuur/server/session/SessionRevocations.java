package nl.spreekuur.server.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
    /** How often {@link #restoreUnstored} runs. */
    public static final Duration RESTORE_INTERVAL = Duration.ofSeconds(30);
    /** How long an announced revocation is remembered: the recent-session cache, and until the next restore. */
    static final Duration ANNOUNCED_KEPT = RecentSessions.KEPT.plus(RESTORE_INTERVAL);
    /** Looked back past the previous run: clock differences between nodes, revocations still committing. */
    static final Duration RESTORE_OVERLAP = Duration.ofMinutes(5);

    private final Store store;
    private final Broker broker;
    private final LocalSessions sessions;
    private final TokenRevocations tokens;
    private final Duration signedTokenLife;
    private final Clock clock;
    private Instant restoredSince = Instant.EPOCH;

    /**
     * @param signedTokenLife the longest life of a signed (anonymous) token, {@code session.anonymous-ttl-minutes}:
     *                        the authenticator refuses longer ones, so a revocation kept that long covers any
     */
    public SessionRevocations(Store store, Broker broker, LocalSessions sessions, TokenRevocations tokens,
                              Duration signedTokenLife, Clock clock) {
        this.store = store;
        this.signedTokenLife = signedTokenLife;
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

    /**
     * Revokes a token session known only by its id (e.g. a waiting client removed as spam), until its stored expiry
     * or, for a signed token, which has no row, for the longest such a token can live. Blocking (store).
     */
    public void revokeById(String sessionId) {
        Instant expiresAt = store.sessions().byId(sessionId).map(Sessions.Session::expiresAt)
                .orElseGet(() -> clock.instant().plus(signedTokenLife));
        revoke(sessionId, expiresAt);
    }

    /**
     * First half of {@link #revoke}: the token stops working (for new connections and requests). A session without
     * a row (an anonymous client's signed token) gets its revocation recorded until {@code expiresAt}.
     */
    public void store(String sessionId, Instant expiresAt) {
        Instant now = clock.instant();
        if (!store.sessions().revoke(sessionId, now)) {
            store.sessions().revokeUnstored(sessionId, expiresAt, now);
        }
        remember(sessionId, expiresAt);
    }

    /**
     * Puts the stored revocations of signed tokens into this node's check ({@link TokenRevocations}, which keeps
     * every revocation it is given in memory, also when it shares them over Redis): at the first call all that have
     * not expired, then those revoked since the previous call (less {@link #RESTORE_OVERLAP}). The server calls it
     * at start and every {@link #RESTORE_INTERVAL}, so a revocation another node recorded while its announcement or
     * Redis was lost holds here within that interval, and revocations survive restarts of this node and of Redis.
     * Blocking (store).
     *
     * @return how many revocations were put
     */
    public synchronized int restoreUnstored() {
        Instant now = clock.instant();
        List<Sessions.RevokedToken> revoked = store.sessions().revokedTokens(restoredSince, now);
        for (Sessions.RevokedToken token : revoked) {
            tokens.revoke(token.sessionId(), token.expiresAt());
        }
        restoredSince = now.minus(RESTORE_OVERLAP);
        return revoked.size();
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
     * for {@link #ANNOUNCED_KEPT}: this node may answer a stored token from its recent sessions without the store
     * for {@link RecentSessions#KEPT}, a signed token reaches this node's memory with the next
     * {@link #restoreUnstored}, and the revoking node's in-memory check is not this node's.
     */
    public void onControlMessage(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.startsWith(REVOKED)) {
            String sessionId = text.substring(REVOKED.length());
            tokens.revoke(sessionId, clock.instant().plus(ANNOUNCED_KEPT));
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
