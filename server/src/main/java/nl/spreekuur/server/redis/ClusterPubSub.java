package nl.spreekuur.server.redis;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;

/**
 * {@link RedisPubSub} on a Redis Cluster, with sharded pub/sub: a publication is one {@code SPUBLISH} on the cluster
 * connection, a subscription one {@code SSUBSCRIBE}, both routed by Lettuce to the master that owns the channel's
 * slot; so pub/sub traffic grows with the shards instead of reaching every node of the cluster.
 *
 * <p>Lettuce does not restore sharded subscriptions when a master's connection comes back (a restart, a
 * failover). So the connector's event bus is watched: a {@link ReconnectAttemptEvent} marks a node's address as
 * reconnecting (a connection that dropped and is being restored; the short-lived connections of topology refreshes,
 * closed on purpose, make none), and the next {@link ConnectionActivatedEvent} for that address is reported as
 * {@link Receiver#reconnected()}: the broker then {@code SSUBSCRIBE}s every wanted channel again (commands wait for
 * the master's pub/sub connection to be back) and backfills from the store. While any address is reconnecting
 * {@link #isOpen()} is false, so {@code /readyz} says not ready until it is back.
 */
final class ClusterPubSub implements RedisPubSub {
    private final StatefulRedisClusterConnection<byte[], byte[]> publisher;
    private final StatefulRedisClusterPubSubConnection<byte[], byte[]> subscriber;
    /** host:port of Redis nodes a connection of this connector is trying to reconnect to. */
    private final Set<String> reconnecting = ConcurrentHashMap.newKeySet();
    private final Disposable events;
    private volatile boolean started;

    ClusterPubSub(StatefulRedisClusterConnection<byte[], byte[]> publisher,
                  StatefulRedisClusterPubSubConnection<byte[], byte[]> subscriber, EventBus eventBus,
                  Receiver receiver) {
        this.publisher = publisher;
        this.subscriber = subscriber;
        subscriber.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, byte[] channel, byte[] message) {
                receiver.message(channel, message);
            }
        });
        this.events = eventBus.get().subscribe(event -> {
            if (event instanceof ReconnectAttemptEvent attempt) {
                if (reconnecting.add(key(attempt.remoteAddress())) && started) {
                    receiver.disconnected();
                }
            } else if (event instanceof ConnectionActivatedEvent activated
                    && reconnecting.remove(key(activated.remoteAddress())) && started) {
                receiver.reconnected();
            }
        });
        this.started = true;
    }

    /** "host:port", the same for a resolved and an unresolved address of one node. */
    private static String key(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getHostString() + ":" + inet.getPort()
                : String.valueOf(address);
    }

    @Override
    public CompletionStage<Long> publish(byte[] channel, byte[] payload) {
        return publisher.async().spublish(channel, payload);
    }

    @Override
    public void subscribe(byte[] channel) {
        subscriber.sync().ssubscribe(channel);
    }

    @Override
    public CompletionStage<Void> subscribeAsync(byte[] channel) {
        return subscriber.async().ssubscribe(channel);
    }

    @Override
    public CompletionStage<Void> unsubscribeAsync(byte[] channel) {
        return subscriber.async().sunsubscribe(channel);
    }

    @Override
    public boolean isOpen() {
        return publisher.isOpen() && subscriber.isOpen() && reconnecting.isEmpty();
    }

    @Override
    public void close() {
        started = false;
        events.dispose();
        subscriber.close();
        publisher.close();
    }
}
