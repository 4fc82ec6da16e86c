package nl.spreekuur.server.redis;

import java.time.Duration;
import nl.spreekuur.server.config.ServerConfig;

/**
 * How this node talks to Redis.
 *
 * @param url            {@code redis://[:password@]host:port[/database]} ({@code rediss://} for TLS); with
 *                       {@code cluster}, seed nodes of the cluster:
 *                       {@code redis://[:password@]host:port[,host:port...]}
 * @param cluster        the URL names a Redis Cluster: Lettuce's cluster client, sharded pub/sub
 *                       ({@code SPUBLISH}/{@code SSUBSCRIBE})
 * @param commandTimeout a command without an answer within this fails (Lettuce's default would wait 60 s)
 * @param connectTimeout connecting gives up after this
 * @param keepAlive      TCP keepalive idle time (probes every third of it, 3 probes)
 * @param tcpUserTimeout TCP_USER_TIMEOUT: unacknowledged data for this long drops the connection
 */
public record RedisSettings(String url, boolean cluster, Duration commandTimeout, Duration connectTimeout,
                            Duration keepAlive, Duration tcpUserTimeout) {

    public static RedisSettings of(ServerConfig config) {
        return new RedisSettings(config.redisUrl(), config.redisCluster(), config.redisTimeout(),
                config.redisConnectTimeout(), config.redisKeepAlive(), config.redisTcpUserTimeout());
    }

    /** The defaults of the configuration keys, for the given URL of one Redis (tests). */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, false, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(30));
    }

    /** The defaults of the configuration keys, for the seed nodes of a Redis Cluster (tests). */
    public static RedisSettings cluster(String seeds) {
        return new RedisSettings(seeds, true, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(30));
    }
}
