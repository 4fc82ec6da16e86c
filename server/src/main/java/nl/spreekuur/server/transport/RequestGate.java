package nl.spreekuur.server.transport;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.server.metrics.ServerMetrics;

/**
 * Backpressure for one WebSocket connection: hands its decoded requests to its {@link SerialExecutor} only while
 * fewer than {@code ws.max-in-flight} of them are unfinished there and the node has a permit
 * ({@link InFlightLimit}, {@code app.max-in-flight}); otherwise it stops reading the socket
 * ({@code setAutoRead(false)}) instead of queueing. The client's further frames then wait in its own TCP buffers.
 * Reading resumes when half of the connection's requests are done (a low-water mark, so reading is not switched on
 * and off for every request), or when the node hands this connection a permit.
 *
 * <p>Bounds, and why they hold:
 * <ul>
 *   <li>Unfinished requests of this connection (queued in its serial executor or running) never exceed
 *       {@code ws.max-in-flight}, of all connections never {@code app.max-in-flight}: a request is handed over only
 *       with a free slot and a permit, and both are given back only when it finished.</li>
 *   <li>{@code held} keeps what was already decoded when reading stopped: the rest of the socket read in progress
 *       (Netty ends its read loop once auto-read is off), at most one receive buffer, and fewer still because the
 *       rate limit in front answers everything beyond the burst with RATE_LIMITED.</li>
 * </ul>
 * Netty's {@code FlowControlHandler} would hold those messages too, but its behaviour around toggling auto-read
 * changed several times in Netty 4.2.15 to 4.2.18 (netty#16945, #17050), and the counting has to live here anyway.
 *
 * <p>Threads: everything runs on the channel's event loop except {@link #finished} (on a worker) and
 * {@link #granted} (on whichever thread finished a request); both hand over to the event loop.
 */
final class RequestGate {
    private final Channel channel;
    private final Executor serial;
    private final InFlightLimit node;
    private final ServerMetrics metrics;
    private final Consumer<ClientMessage> handler;
    private final int max;
    private final int resumeAt;
    private final AtomicInteger unfinished = new AtomicInteger();

    // event loop only
    private final ArrayDeque<ClientMessage> held = new ArrayDeque<>();
    private boolean waitingForNode;
    private boolean readingPaused;
    private boolean closed;
    /** Set on the event loop, read by workers to decide whether a finished request must wake the loop. */
    private volatile boolean atOwnBound;

    RequestGate(Channel channel, Executor serial, InFlightLimit node, ServerMetrics metrics, int max,
                Consumer<ClientMessage> handler) {
        this.channel = channel;
        this.serial = serial;
        this.node = node;
        this.metrics = metrics;
        this.max = max;
        this.resumeAt = max / 2;
        this.handler = handler;
    }

    /** A decoded request arrived (event loop). */
    void offer(ClientMessage message) {
        if (closed) {
            return;
        }
        held.addLast(message);
        admit();
    }

    /** The socket closed (event loop): what was not handed over is dropped; handed-over requests still finish. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        held.clear();
        if (waitingForNode && node.leaveLine(this)) {
            waitingForNode = false;
        }
        if (atOwnBound) {
            atOwnBound = false;
            node.ownBoundLeft();
        }
    }

    /** Unfinished requests of this connection. */
    int unfinished() {
        return unfinished.get();
    }

    /** The node handed this connection a permit (any thread). */
    void granted() {
        try {
            channel.eventLoop().execute(this::onGranted);
        } catch (RejectedExecutionException stopped) {
            node.release();
        }
    }

    private void onGranted() {
        waitingForNode = false;
        ClientMessage next = closed ? null : held.pollFirst();
        if (next == null) {
            node.release();
            return;
        }
        dispatch(next);
        admit();
    }

    private void admit() {
        while (!held.isEmpty()) {
            if (waitingForNode || atOwnBound) {
                pauseReading();
                return;
            }
            if (unfinished.get() >= max) {
                atOwnBound = true;
                node.ownBoundReached();
                metrics.readPaused("connection");
                pauseReading();
                // A worker that finished before atOwnBound was visible did not wake us: look once more.
                if (unfinished.get() <= resumeAt) {
                    channel.eventLoop().execute(this::ownBoundDrained);
                }
                return;
            }
            if (!node.acquireOrWait(this)) {
                waitingForNode = true;
                metrics.readPaused("node");
                pauseReading();
                return;
            }
            dispatch(held.pollFirst());
        }
        resumeReading();
    }

    private void dispatch(ClientMessage message) {
        unfinished.incrementAndGet();
        serial.execute(() -> {
            try {
                handler.accept(message);
            } finally {
                finished();
            }
        });
    }

    /** A handed-over request finished (worker thread). */
    private void finished() {
        node.release();
        if (unfinished.decrementAndGet() <= resumeAt && atOwnBound) {
            try {
                channel.eventLoop().execute(this::ownBoundDrained);
            } catch (RejectedExecutionException stopped) {
                // the event loops stopped: nothing is read any more anyway
            }
        }
    }

    private void ownBoundDrained() {
        if (atOwnBound && unfinished.get() <= resumeAt) {
            atOwnBound = false;
            node.ownBoundLeft();
            admit();
        }
    }

    private void pauseReading() {
        if (!readingPaused) {
            readingPaused = true;
            channel.config().setAutoRead(false);
        }
    }

    private void resumeReading() {
        if (readingPaused && !closed) {
            readingPaused = false;
            channel.config().setAutoRead(true);
        }
    }
}
