package nl.spreekuur.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This node's Lettuce client: one {@link RedisClient} (one Redis) or one {@link RedisClusterClient} (a Redis Cluster,
 * {@code redis.cluster=true}) with its own small thread pools, configured against the known pitfalls of long-lived
 * Redis connections, from which the broker and the shared-state implementations open their connections.
 *
 * <ul>
 *   <li>Command timeout ({@code redis.timeout-seconds}): every command, including a SUBSCRIBE, fails after it
 *       instead of waiting (Lettuce's own default is 60 s).</li>
 *   <li>TCP keepalive and TCP_USER_TIMEOUT (Linux, epoll): a half-open connection (Redis host gone without a FIN)
 *       is detected and dropped, so auto-reconnect starts instead of waiting for ever.</li>
 *   <li>Auto-reconnect with a short capped back-off (100 ms doubling up to 2 s), and commands are <b>rejected</b>
 *       while disconnected rather than buffered without bound: a publish during an outage fails at once (the
 *       store holds the data; subscribers backfill after the reconnect).</li>
 *   <li>Lettuce re-subscribes a pub/sub connection's channels after a reconnect (not sharded ones on a cluster);
 *       the broker re-subscribes them itself in both cases and waits for Redis's confirmation before it tells the
 *       node to backfill.</li>
 *   <li>Cluster: the topology is refreshed every 30 s and on the events that signal a change (MOVED/ASK
 *       redirections, persistent reconnects, a failed-over master), so slots that moved are found.</li>
 * </ul>
 */
public final class RedisConnector implements AutoCloseable {
    /** Commands one connection may have waiting for Redis; beyond it a command fails at once. */
    static final int REQUEST_QUEUE = 65_536;

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisClusterClient cluster;
    private final RedisSettings settings;

    public RedisConnector(RedisSettings settings) {
        this.settings = settings;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        Duration keepAlive = settings.keepAlive();
        Duration probeInterval = keepAlive.dividedBy(3).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : keepAlive.dividedBy(3);
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.connectTimeout())
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable().idle(keepAlive)
                                .interval(probeInterval).count(3).build())
                        .tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder().enable()
                                .tcpUserTimeout(settings.tcpUserTimeout()).build())
                        .build())
                .build();
        if (settings.cluster()) {
            this.client = null;
            this.cluster = RedisClusterClient.create(resources, seeds(settings));
            // Lettuce opens a master's connection on its first command: commands wait for it (at most the command
            // timeout) instead of being rejected while it connects, as they would be with REJECT_COMMANDS.
            cluster.setOptions(ClusterClientOptions.builder(options)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
        } else {
            RedisURI uri = RedisURI.create(settings.url());
            uri.setTimeout(settings.commandTimeout());
            this.client = RedisClient.create(resources, uri);
            this.cluster = null;
            client.setOptions(options);
        }
    }

    /** {@code redis://[:pw@]h1:p1,h2:p2} → one URI per seed (Lettuce's parser), each with the command timeout. */
    private static List<RedisURI> seeds(RedisSettings settings) {
        List<RedisURI> seeds = RedisClusterURIUtil.toRedisURIs(URI.create(settings.url()));
        seeds.forEach(seed -> seed.setTimeout(settings.commandTimeout()));
        return seeds;
    }

    /** Lettuce's connection events (what the cluster links watch); for tests. */
    EventBus eventBus() {
        return resources.eventBus();
    }

    /** Reads the cluster's topology now (Lettuce does it every 30 s and on its triggers); for tests. */
    void refreshTopology() {
        if (cluster != null) {
            cluster.refreshPartitions();
        }
    }

    public RedisSettings settings() {
        return settings;
    }

    /** A command connection with UTF-8 string keys and values. Throws if Redis cannot be reached now. */
    public RedisCommandConnection connectText() {
        return cluster != null ? RedisCommandConnection.of(cluster.connect(StringCodec.UTF8))
                : RedisCommandConnection.of(client.connect(StringCodec.UTF8));
    }

    /**
     * The broker's publish and subscription links (byte-array channels and payloads), reporting to the receiver.
     * Throws if Redis cannot be reached now.
     */
    public RedisPubSub connectPubSub(RedisPubSub.Receiver receiver) {
        if (cluster != null) {
            StatefulRedisClusterConnection<byte[], byte[]> publisher = cluster.connect(ByteArrayCodec.INSTANCE);
            try {
                return new ClusterPubSub(publisher, cluster.connectPubSub(ByteArrayCodec.INSTANCE),
                        resources.eventBus(), receiver, settings.connectTimeout());
            } catch (RuntimeException e) {
                publisher.close();
                throw e;
            }
        }
        StatefulRedisConnection<byte[], byte[]> publisher = client.connect(ByteArrayCodec.INSTANCE);
        try {
            return new StandalonePubSub(publisher, client.connectPubSub(ByteArrayCodec.INSTANCE), receiver);
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
