package nl.spreekuur.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * This node's Lettuce client: one {@link RedisClient} with its own small thread pools, configured against the
 * known pitfalls of long-lived Redis connections, from which the broker and the shared-state implementations
 * open their connections.
 *
 * <ul>
 *   <li>Command timeout ({@code redis.timeout-seconds}): every command, including a SUBSCRIBE, fails after it
 *       instead of waiting (Lettuce's own default is 60 s).</li>
 *   <li>TCP keepalive and TCP_USER_TIMEOUT (Linux, epoll): a half-open connection (Redis host gone without a FIN)
 *       is detected and dropped, so auto-reconnect starts instead of waiting for ever.</li>
 *   <li>Auto-reconnect with a short capped back-off (100 ms doubling up to 2 s), and commands are <b>rejected</b>
 *       while disconnected rather than buffered without bound: a publish during an outage fails at once (the
 *       store holds the data; subscribers backfill after the reconnect).</li>
 *   <li>Lettuce re-subscribes a pub/sub connection's channels after a reconnect; the broker additionally
 *       re-subscribes them itself and waits for Redis's confirmation before it tells the node to backfill.</li>
 * </ul>
 */
public final class RedisConnector implements AutoCloseable {
    /** Commands one connection may have waiting for Redis; beyond it a command fails at once. */
    static final int REQUEST_QUEUE = 65_536;

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisSettings settings;

    public RedisConnector(RedisSettings settings) {
        this.settings = settings;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.url());
        uri.setTimeout(settings.commandTimeout());
        this.client = RedisClient.create(resources, uri);
        Duration keepAlive = settings.keepAlive();
        Duration probeInterval = keepAlive.dividedBy(3).compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : keepAlive.dividedBy(3);
        client.setOptions(ClientOptions.builder()
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
                .build());
    }

    public RedisSettings settings() {
        return settings;
    }

    /** A command connection with byte-array keys and values. Throws if Redis cannot be reached now. */
    public StatefulRedisConnection<byte[], byte[]> connectBytes() {
        return client.connect(ByteArrayCodec.INSTANCE);
    }

    /** A command connection with UTF-8 string keys and values. Throws if Redis cannot be reached now. */
    public StatefulRedisConnection<String, String> connectText() {
        return client.connect(StringCodec.UTF8);
    }

    /** A pub/sub connection with byte-array channels and payloads. Throws if Redis cannot be reached now. */
    public StatefulRedisPubSubConnection<byte[], byte[]> connectPubSub() {
        return client.connectPubSub(ByteArrayCodec.INSTANCE);
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
