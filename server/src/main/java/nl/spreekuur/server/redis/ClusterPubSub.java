package nl.spreekuur.server.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * the master's pub/sub connection to be back) and backfills from the store. A reconnect attempt may also end on
 * another address (the cluster's default connection goes to any node), so an address can stay in that set after
 * every connection to it is back: a spare re-subscription later is harmless, but readiness must not hang on it.
 * {@link #isOpen()} therefore looks at the connections themselves: both cluster connections and, for every master,
 * this node's pub/sub and publishing connection to it must be open, so {@code /readyz} says not ready while a master
 * is away and ready again as soon as its connections are back.
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
                  Receiver receiver, Duration connectTimeout) {
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
        openMasterConnections(connectTimeout);
    }

    /**
     * Opens this node's connections to every master now (Lettuce would on the first command), so {@link #isOpen()}
     * is true from the start; one that does not open in time is opened by the next look.
     */
    private void openMasterConnections(Duration connectTimeout) {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : subscriber.getPartitions()) {
            if (node.getRole().isUpstream()) {
                opening.add(subscriber.getConnectionAsync(node.getNodeId()));
                opening.add(publisher.getConnectionAsync(node.getNodeId()));
            }
        }
        try {
            CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0]))
                    .get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // not ready yet: isOpen() says so until they are
        }
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
        if (!publisher.isOpen() || !subscriber.isOpen()) {
            return false;
        }
        for (RedisClusterNode node : subscriber.getPartitions()) {
            if (node.getRole().isUpstream() && !(open(subscriber.getConnectionAsync(node.getNodeId()))
                    && open(publisher.getConnectionAsync(node.getNodeId())))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a master's connection is there and open, without waiting: Lettuce opens a missing one in the
     * background (so it is there by the next look); a failed attempt counts as not open and is tried again then.
     */
    private static boolean open(CompletableFuture<? extends StatefulConnection<?, ?>> connection) {
        try {
            StatefulConnection<?, ?> now = connection.getNow(null);
            return now != null && now.isOpen();
        } catch (CompletionException | CancellationException e) {
            return false;
        }
    }

    @Override
    public void close() {
        started = false;
        events.dispose();
        subscriber.close();
        publisher.close();
    }
}
