package nl.spreekuur.server.transport;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node-wide bound on requests handed to the workers and not finished ({@code app.max-in-flight}): a permit per
 * request. A connection that finds none left stops reading its socket and waits in line here; every finished
 * request hands its permit straight to the connection that has waited longest, so paused connections resume in the
 * order they paused, one request each in turn, and a connection that was not waiting cannot overtake them.
 *
 * <p>The line holds each connection at most once (a {@link RequestGate} waits for one permit at a time), so its
 * length is at most the number of open connections.
 */
final class InFlightLimit {
    private final int max;
    // guarded by this
    private int inFlight;
    private final ArrayDeque<RequestGate> waiting = new ArrayDeque<>();
    /** Connections not read because they reached their own bound (for the metrics). */
    private final AtomicInteger pausedAtOwnBound = new AtomicInteger();

    InFlightLimit(int max) {
        this.max = max;
    }

    /** A permit now, or false: then the gate is in line and gets {@link RequestGate#granted()} later. */
    synchronized boolean acquireOrWait(RequestGate gate) {
        if (inFlight < max && waiting.isEmpty()) {
            inFlight++;
            return true;
        }
        waiting.addLast(gate);
        return false;
    }

    /** A request finished: its permit goes to the longest-waiting connection, or back to the pool. */
    void release() {
        RequestGate next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        next.granted();
    }

    /** The gate's connection closed while in line; false if a permit is already on its way to it. */
    synchronized boolean leaveLine(RequestGate gate) {
        return waiting.remove(gate);
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** Connections not read because the node is at its bound. */
    synchronized int waiting() {
        return waiting.size();
    }

    int pausedAtOwnBound() {
        return pausedAtOwnBound.get();
    }

    void ownBoundReached() {
        pausedAtOwnBound.incrementAndGet();
    }

    void ownBoundLeft() {
        pausedAtOwnBound.decrementAndGet();
    }

    int max() {
        return max;
    }
}
