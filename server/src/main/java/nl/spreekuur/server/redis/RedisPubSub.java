package nl.spreekuur.server.redis;

import io.lettuce.core.RedisException;
import java.util.concurrent.CompletionStage;

/**
 * The broker's two links to Redis, one to publish and one holding this node's subscriptions, over one Redis
 * ({@code PUBLISH}/{@code SUBSCRIBE}) or a Redis Cluster (sharded: {@code SPUBLISH}/{@code SSUBSCRIBE}, each channel
 * on the master that owns its slot). Opened by {@link RedisConnector#connectPubSub}.
 */
public interface RedisPubSub extends AutoCloseable {

    /** What the links report; called on Lettuce's threads (never block in them). */
    interface Receiver {
        void message(byte[] channel, byte[] payload);

        /**
         * A subscription link (to Redis, or to one master of the cluster) is up again after a drop: its
         * subscriptions may be gone and publications of the gap are lost.
         */
        void reconnected();

        /** A subscription link dropped (Lettuce reconnects by itself). */
        void disconnected();
    }

    /** One publication; completes when Redis took it (or failed). Never blocks. */
    CompletionStage<Long> publish(byte[] channel, byte[] payload);

    /** Subscribes and waits until Redis confirmed it (at most the command timeout). */
    void subscribe(byte[] channel) throws RedisException;

    /** Subscribes without waiting (after a reconnect: every wanted channel again). */
    CompletionStage<Void> subscribeAsync(byte[] channel);

    CompletionStage<Void> unsubscribeAsync(byte[] channel);

    /** Both links are up (on a cluster: and no node connection is down). */
    boolean isOpen();

    @Override
    void close();
}
