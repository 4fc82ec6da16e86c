package nl.spreekuur.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.session.EncodedMessage;

/**
 * The bounded, non-blocking send queue of one WebSocket connection.
 *
 * <p>Any thread may {@link #offer}; frames are written on the channel's event loop, and only while the channel is
 * writable (Netty's write-buffer water marks), so a connection that does not read cannot make the server buffer
 * without limit: what waits here is counted, and passing {@code maxMessages} or {@code maxBytes} calls the overflow
 * action (the connection closes it with 4001). Bytes are wrapped, not copied: a broadcast's encoding is shared by
 * every recipient.
 *
 * <p>A close is queued behind the messages offered before it, so a reply (e.g. the Ack of a Logout) is written
 * before the SessionEnding and close frame that follow it.
 */
final class Outbox {

    private sealed interface Item permits Data, Close {
    }

    private record Data(EncodedMessage message, int size) implements Item {
    }

    private record Close(EncodedMessage ending, int code, String reason) implements Item {
    }

    private final Channel channel;
    private final WireEncoding encoding;
    private final int maxMessages;
    private final long maxBytes;
    private final ServerMetrics metrics;
    private final Runnable onOverflow;

    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingMessages = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean accepting = true;

    // event loop only
    private boolean finished;
    private boolean draining;

    Outbox(Channel channel, WireEncoding encoding, int maxMessages, long maxBytes, ServerMetrics metrics,
           Runnable onOverflow) {
        this.channel = channel;
        this.encoding = encoding;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.onOverflow = onOverflow;
    }

    /** Queues the message; false if it was dropped (closing, or the bound was passed). Never blocks. */
    boolean offer(EncodedMessage message) {
        if (!accepting) {
            metrics.outboxDropped(1);
            return false;
        }
        int size = encoding.size(message);
        int count = pendingMessages.incrementAndGet();
        long bytes = pendingBytes.addAndGet(size);
        if (count > maxMessages || bytes > maxBytes) {
            pendingMessages.decrementAndGet();
            pendingBytes.addAndGet(-size);
            metrics.outboxDropped(1);
            onOverflow.run();
            return false;
        }
        if (message.message().hasError()) {
            metrics.errorSent(message.message().getError().getCode());
        }
        queue.add(new Data(message, size));
        scheduleDrain();
        return true;
    }

    /** Stops accepting; the ending message and close frame go out after everything queued so far. */
    void closeAfterPending(EncodedMessage ending, int code, String reason) {
        accepting = false;
        queue.add(new Close(ending, code, reason));
        scheduleDrain();
    }

    /** Stops accepting, drops the backlog and writes the ending message and close frame at once. */
    void closeNow(EncodedMessage ending, int code, String reason) {
        accepting = false;
        onEventLoop(() -> {
            if (!finished) {
                writeClose(new Close(ending, code, reason));
            }
        });
    }

    /**
     * The client sent a close frame: if ours is out, the closing handshake is complete and the socket closes;
     * otherwise the backlog is dropped and the client's code is echoed in the one close frame we send.
     */
    void peerClosed(int clientCode) {
        accepting = false;
        onEventLoop(() -> {
            if (finished) {
                channel.close();
                return;
            }
            finished = true;
            dropQueued();
            channel.writeAndFlush(echo(clientCode)).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /** The close frame answering a client's close: its code, or an empty body if it sent none (1005). */
    static CloseWebSocketFrame echo(int clientCode) {
        return clientCode < 0 ? new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER)
                : new CloseWebSocketFrame(clientCode, null);
    }

    /** The channel became (un)writable; called on the event loop. */
    void writabilityChanged() {
        if (channel.isWritable()) {
            drain();
        }
    }

    /** The channel closed: drop whatever waits. */
    void terminate() {
        accepting = false;
        onEventLoop(() -> {
            finished = true;
            dropQueued();
        });
    }

    int pendingMessages() {
        return pendingMessages.get();
    }

    long pendingBytes() {
        return pendingBytes.get();
    }

    private void scheduleDrain() {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            drain();
        } else if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        if (draining) {
            return;
        }
        if (finished) {
            dropQueued();
            return;
        }
        draining = true;
        try {
            // The flush can make the channel writable again while we are here (the writability event then finds
            // us draining and returns), so keep going until the queue is empty or the channel really is full.
            boolean more = true;
            while (more) {
                more = writeWhileWritable() && !queue.isEmpty() && channel.isWritable();
            }
        } finally {
            draining = false;
        }
    }

    /** Writes queued items while the channel takes them, then flushes; false once closed (nothing more to do). */
    private boolean writeWhileWritable() {
        boolean wrote = false;
        Item item;
        while ((item = queue.peek()) != null) {
            if (item instanceof Close close) {
                queue.poll();
                writeClose(close);
                return false;
            }
            if (!channel.isWritable()) {
                break;
            }
            queue.poll();
            Data data = (Data) item;
            pendingMessages.decrementAndGet();
            pendingBytes.addAndGet(-data.size());
            channel.write(encoding.frame(data.message()));
            metrics.frameOut(encoding.metricTag());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        return true;
    }

    private void writeClose(Close close) {
        finished = true;
        dropQueued();
        if (channel.isActive()) {
            channel.write(encoding.frame(close.ending()));
            channel.writeAndFlush(new CloseWebSocketFrame(close.code(), close.reason()));
        }
    }

    private void dropQueued() {
        int dropped = 0;
        Item item;
        while ((item = queue.poll()) != null) {
            if (item instanceof Data data) {
                pendingMessages.decrementAndGet();
                pendingBytes.addAndGet(-data.size());
                dropped++;
            }
        }
        if (dropped > 0) {
            metrics.outboxDropped(dropped);
        }
    }

    private void onEventLoop(Runnable task) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
