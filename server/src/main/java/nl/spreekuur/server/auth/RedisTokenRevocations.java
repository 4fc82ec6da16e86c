package nl.spreekuur.server.auth;

import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.server.logging.RepeatedLog;
import nl.spreekuur.server.redis.RedisCommandConnection;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Revoked token sessions shared by every node, in Redis: one key per revoked session
 * ({@code spreekuur:revoked:<sessionId>}) holding the token's expiry (epoch milliseconds, rounded up), compared with
 * the injected clock on every check. The key's own Redis expiry is the token's remaining life plus
 * {@link #KEY_SLACK} (clock differences between nodes), so revocations clean themselves up.
 *
 * <p>This node's own revocations (and those announced on the control channel) are also kept in memory and checked
 * first. When Redis cannot answer a check, the answer is the in-memory one: the store's durable record
 * ({@code sessions.revoked_at}) still refuses a revoked token whenever the session is read from the store, and
 * signed tokens' revocations ({@code revoked_tokens}) reach this node's memory within 30 s
 * ({@code SessionRevocations.restoreUnstored}); only a session another node revoked during the outage, whose control
 * announcement was lost, could be accepted until then: a stored one still in this node's 30 s recent-session cache,
 * or a signed one (see docs/security.md).
 */
public final class RedisTokenRevocations implements TokenRevocations, AutoCloseable {
    static final Duration KEY_SLACK = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(RedisTokenRevocations.class);
    private static final String PREFIX = "spreekuur:revoked:";
    /** KEYS: the session's key. ARGV: expiry (epoch ms), key TTL (ms). Never shortens a revocation. */
    private static final RedisScript REVOKE = new RedisScript("""
            local current = redis.call('GET', KEYS[1])
            if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """, ScriptOutputType.INTEGER);

    private final RedisCommandConnection redis;
    private final InMemoryTokenRevocations local;
    private final Clock clock;
    private final RepeatedLog failures;

    /** Opens its own connection (throws if Redis cannot be reached now). */
    public RedisTokenRevocations(RedisConnector connector, Clock clock) {
        this.redis = connector.connectText();
        this.local = new InMemoryTokenRevocations(clock);
        this.clock = clock;
        this.failures = new RepeatedLog(log, Level.WARN, Duration.ofSeconds(10), clock);
    }

    /**
     * Blocking: returns once Redis has it. When Redis cannot take it, the failure is logged and the revocation holds
     * here and in the store (the caller stored it first), so a quick exit never fails on Redis.
     */
    @Override
    public void revoke(String sessionId, Instant expiresAt) {
        local.revoke(sessionId, expiresAt);
        long until = ceilMillis(expiresAt);
        long left = until - clock.millis();
        if (left <= 0) {
            return;
        }
        try {
            REVOKE.run(redis.sync(), new String[] {PREFIX + sessionId}, Long.toString(until),
                    Long.toString(left + KEY_SLACK.toMillis()));
        } catch (RuntimeException e) {
            failures.log("storing a revocation in Redis failed ({}); it holds in the store and on this node",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean isRevoked(String sessionId) {
        if (local.isRevoked(sessionId)) {
            return true;
        }
        String until;
        try {
            until = redis.sync().get(PREFIX + sessionId);
        } catch (RuntimeException e) {
            failures.log("revocation check in Redis failed ({}); answered from this node's revocations",
                    e.getClass().getSimpleName());
            return false;
        }
        return until != null && clock.millis() < Long.parseLong(until);
    }

    private static long ceilMillis(Instant instant) {
        long millis = instant.toEpochMilli();
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    @Override
    public void close() {
        failures.flush();
        redis.close();
    }
}
