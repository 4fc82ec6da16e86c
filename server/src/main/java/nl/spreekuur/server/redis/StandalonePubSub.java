package nl.spreekuur.server.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;

/** {@link RedisPubSub} on one Redis: {@code PUBLISH} and {@code SUBSCRIBE}. */
final class StandalonePubSub implements RedisPubSub {
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

    StandalonePubSub(StatefulRedisConnection<byte[], byte[]> publisher,
                     StatefulRedisPubSubConnection<byte[], byte[]> subscriber, Receiver receiver) {
        this.publisher = publisher;
        this.subscriber = subscriber;
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                receiver.message(channel, message);
            }
        });
        subscriber.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
                receiver.reconnected();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                receiver.disconnected();
            }
        });
    }

    @Override
    public CompletionStage<Long> publish(byte[] channel, byte[] payload) {
        return publisher.async().publish(channel, payload);
    }

    @Override
    public void subscribe(byte[] channel) {
        subscriber.sync().subscribe(channel);
    }

    @Override
    public CompletionStage<Void> subscribeAsync(byte[] channel) {
        return subscriber.async().subscribe(channel);
    }

    @Override
    public CompletionStage<Void> unsubscribeAsync(byte[] channel) {
        return subscriber.async().unsubscribe(channel);
    }

    @Override
    public boolean isOpen() {
        return publisher.isOpen() && subscriber.isOpen();
    }

    @Override
    public void close() {
        subscriber.close();
        publisher.close();
    }
}
