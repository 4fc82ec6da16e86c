package nl.spreekuur.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.store.Sessions;

/**
 * The token sessions this node issued or looked up in the last {@link #KEPT}, by token hash, so the Hello that
 * follows a token request (and a reconnect soon after) does not read the store. Bounded to {@link #MAX_ENTRIES}.
 *
 * <p>Only what the store said at issue or lookup is kept, and that never changes for a session except its
 * revocation: {@link Authenticator} checks every hit against {@link TokenRevocations}, where every revocation is
 * remembered ({@code SessionRevocations} writes the store and remembers it there, also for each session of a
 * disabled account). Expiry is judged per use; a staff principal's account is still read from the store on every
 * use. So a cached session is refused exactly when a stored one would be.
 */
public final class RecentSessions {
    /** Long enough for token request → upgrade → Hello and a quick reconnect; short enough to stay small. */
    public static final Duration KEPT = Duration.ofSeconds(30);
    /** At 1,000 new clients/s, 30 s is 30,000 entries; more are evicted (and read from the store if used). */
    static final int MAX_ENTRIES = 32_768;

    private final Cache<String, Sessions.Session> byTokenHash;

    public RecentSessions(Clock clock) {
        this.byTokenHash = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(KEPT.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Housekeeping on the calling thread: a hand-off to the common pool per put cost more than it.
                .executor(Runnable::run)
                .build();
    }

    void remember(Sessions.Session session) {
        byTokenHash.put(session.tokenHash(), session);
    }

    /** The session of the token hash if this node saw it recently, else null (ask the store). */
    Sessions.Session get(String tokenHash) {
        return byTokenHash.getIfPresent(tokenHash);
    }
}
