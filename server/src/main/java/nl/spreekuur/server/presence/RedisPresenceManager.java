package nl.spreekuur.server.presence;

import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.server.redis.RedisCommandConnection;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisScript;

/**
 * Presence shared by every node, in Redis. Per channel two keys in one hash slot ({@code {<channel>}}, so it also
 * works on a Redis Cluster): a hash client id → principal id, and a sorted set client id → expiry (epoch
 * milliseconds of the injected clock). Every operation is one Lua script, atomic, and drops expired entries of the
 * channel as it goes; reads return only entries whose expiry is after now. So an entry of a node that died (and
 * stopped refreshing) is gone for every reader as soon as its TTL has passed.
 *
 * <p>The keys themselves carry a Redis expiry of the longest entry TTL plus {@link #KEY_SLACK}, so a channel nobody
 * touches again does not stay in Redis; the slack covers clock differences between nodes.
 */
public final class RedisPresenceManager implements PresenceManager, AutoCloseable {
    static final Duration KEY_SLACK = Duration.ofSeconds(60);
    private static final String PREFIX = "spreekuur:presence:{";

    private static final String DROP_EXPIRED = """
            local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
            for _, id in ipairs(expired) do redis.call('HDEL', KEYS[1], id) end
            if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1]) end
            """;
    /** KEYS: hash, zset. ARGV: now, expiresAt, clientId, principalId, keyTtlMillis. */
    private static final RedisScript ADD = new RedisScript(DROP_EXPIRED + """
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
            local ttl = redis.call('PTTL', KEYS[2])
            if ttl < tonumber(ARGV[5]) then
              redis.call('PEXPIRE', KEYS[1], ARGV[5])
              redis.call('PEXPIRE', KEYS[2], ARGV[5])
            end
            return 1
            """, ScriptOutputType.INTEGER);
    /** KEYS: hash, zset. ARGV: now, clientId. */
    private static final RedisScript REMOVE = new RedisScript(DROP_EXPIRED + """
            redis.call('HDEL', KEYS[1], ARGV[2])
            redis.call('ZREM', KEYS[2], ARGV[2])
            return 1
            """, ScriptOutputType.INTEGER);
    /** KEYS: hash, zset. ARGV: now. Returns client id, principal id, client id, principal id, ... */
    private static final RedisScript PRESENCE = new RedisScript(DROP_EXPIRED + """
            local live = redis.call('ZRANGE', KEYS[2], 0, -1)
            local out = {}
            for _, id in ipairs(live) do
              local info = redis.call('HGET', KEYS[1], id)
              if info then
                out[#out + 1] = id
                out[#out + 1] = info
              end
            end
            return out
            """, ScriptOutputType.MULTI);

    private final RedisCommandConnection redis;
    private final Clock clock;

    /** Opens its own connection (throws if Redis cannot be reached now). */
    public RedisPresenceManager(RedisConnector connector, Clock clock) {
        this.redis = connector.connectText();
        this.clock = clock;
    }

    @Override
    public void add(String channel, String clientId, ClientInfo info, Duration ttl) {
        long now = clock.millis();
        ADD.run(redis.sync(), keys(channel), Long.toString(now), Long.toString(now + ttl.toMillis()), clientId,
                info.principalId(), Long.toString(ttl.plus(KEY_SLACK).toMillis()));
    }

    @Override
    public void remove(String channel, String clientId) {
        REMOVE.run(redis.sync(), keys(channel), Long.toString(clock.millis()), clientId);
    }

    @Override
    public Map<String, ClientInfo> presence(String channel) {
        List<String> flat = PRESENCE.run(redis.sync(), keys(channel), Long.toString(clock.millis()));
        Map<String, ClientInfo> present = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            present.put(flat.get(i), new ClientInfo(flat.get(i + 1)));
        }
        return Map.copyOf(present);
    }


    private static String[] keys(String channel) {
        String base = PREFIX + channel + "}";
        return new String[] {base + ":clients", base + ":expiry"};
    }

    @Override
    public void close() {
        redis.close();
    }
}
