package nl.spreekuur.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SessionEnding;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.EncodedMessage;

/**
 * One upgraded WebSocket connection, authenticated or not: its encoding, its {@link Outbox} and how it closes.
 * Created when the handshake completes and kept as a channel attribute.
 *
 * <p>Every close the server starts sends {@code SessionEnding} (same code and reason) and then the close frame; if
 * the client does not answer the close frame within {@code closeTimeout}, the socket is closed anyway.
 */
public final class WsConnection {
    static final AttributeKey<WsConnection> KEY = AttributeKey.valueOf(WsConnection.class, "connection");

    /**
     * Unique among the connections of every node (a random UUID), never shown to clients and no secret: so it comes
     * from the thread's own generator, not from {@code UUID.randomUUID()}'s shared {@code SecureRandom}, which costs
     * a lock and a few microseconds per connection.
     */
    private final String id = randomId();
    private final Channel channel;
    private final WireEncoding encoding;
    private final Outbox outbox;
    private final ServerMetrics metrics;
    private final Duration closeTimeout;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String clientAddress = "unknown";

    WsConnection(Channel channel, WireEncoding encoding, int outboxMaxMessages, long outboxMaxBytes,
                 ServerMetrics metrics, Duration closeTimeout) {
        this.channel = channel;
        this.encoding = encoding;
        this.metrics = metrics;
        this.closeTimeout = closeTimeout;
        this.outbox = new Outbox(channel, encoding, outboxMaxMessages, outboxMaxBytes, metrics, this::slowConsumer);
    }

    private static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // version 4, IETF variant, as UUID.randomUUID() makes them
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
    }

    /** The connection of an upgraded channel, or null before the upgrade (plain HTTP). */
    public static WsConnection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    public String id() {
        return id;
    }

    public WireEncoding encoding() {
        return encoding;
    }

    Channel channel() {
        return channel;
    }

    /** The client address key ({@code ClientAddress.key}: peer, or forwarded by a trusted proxy); never log it. */
    String clientAddress() {
        return clientAddress;
    }

    void clientAddress(String address) {
        this.clientAddress = address;
    }

    Outbox outbox() {
        return outbox;
    }

    public boolean isOpen() {
        return !closing.get() && channel.isActive();
    }

    /** Queues the message; false if dropped because the connection is closing or overflowed. */
    public boolean send(EncodedMessage message) {
        return outbox.offer(message);
    }

    public boolean send(ServerMessage message) {
        return send(EncodedMessage.of(message));
    }

    /** Sends SessionEnding and the close frame after what is already queued. Idempotent. */
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            metrics.closed(code);
            outbox.closeAfterPending(ending(code, reason), code, reason);
            armCloseTimeout();
        }
    }

    /** The outbox passed its bound: drop the backlog and close with 4001 right away. */
    void slowConsumer() {
        if (closing.compareAndSet(false, true)) {
            metrics.slowConsumerDisconnect();
            metrics.closed(CloseCodes.SLOW_CONSUMER);
            outbox.closeNow(ending(CloseCodes.SLOW_CONSUMER, "slow consumer"), CloseCodes.SLOW_CONSUMER,
                    "slow consumer");
            armCloseTimeout();
        }
    }

    /** The client sent a close frame (it may be its answer to ours); see {@link Outbox#peerClosed}. */
    void peerClosed(int clientCode) {
        closing.set(true);
        outbox.peerClosed(clientCode);
    }

    /** The channel is closed (by anyone). */
    void terminated() {
        closing.set(true);
        outbox.terminate();
    }

    private void armCloseTimeout() {
        if (channel.isActive()) {
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static EncodedMessage ending(int code, String reason) {
        return EncodedMessage.of(ServerMessage.newBuilder()
                .setSessionEnding(SessionEnding.newBuilder().setCloseCode(code).setReason(reason))
                .build());
    }
}
