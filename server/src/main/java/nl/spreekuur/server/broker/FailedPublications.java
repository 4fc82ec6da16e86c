package nl.spreekuur.server.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Publications this node could not hand to Redis, kept to be sent again in their order once it can: a publication
 * that failed while the other nodes stayed connected would otherwise reach them only with the conversation's next
 * publication or a client's resume. Bounded in number ({@link #LIMIT}, the oldest go first) and in age
 * ({@link #MAX_AGE}: older ones are dropped when it is their turn; a late conversation event is a duplicate the
 * subscribers drop by seq, and the store has every stored one anyway).
 *
 * <p>While any wait, new publications queue behind them, so this node's publications still arrive in their order,
 * only late. Thread-safe.
 */
final class FailedPublications {
    static final int LIMIT = 10_000;
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    record Publication(String channel, byte[] payload, Instant failedAt) {
    }

    private final Deque<Publication> waiting = new ArrayDeque<>();
    private final Clock clock;
    private long dropped;

    FailedPublications(Clock clock) {
        this.clock = clock;
    }

    /** Queues the publication if others wait (so it keeps its place); false: none wait, send it now. */
    synchronized boolean queueIfWaiting(String channel, byte[] payload) {
        if (waiting.isEmpty()) {
            return false;
        }
        add(channel, payload);
        return true;
    }

    /** A publication failed: it waits for the next {@link #takeAll()}. */
    synchronized void add(String channel, byte[] payload) {
        if (waiting.size() >= LIMIT) {
            waiting.pollFirst();
            dropped++;
        }
        waiting.addLast(new Publication(channel, payload, clock.instant()));
    }

    /** Everything waiting and younger than {@link #MAX_AGE}, in order; the queue is empty afterwards. */
    synchronized List<Publication> takeAll() {
        Instant oldest = clock.instant().minus(MAX_AGE);
        List<Publication> all = new ArrayList<>(waiting.size());
        for (Publication p : waiting) {
            if (p.failedAt().isBefore(oldest)) {
                dropped++;
            } else {
                all.add(p);
            }
        }
        waiting.clear();
        return all;
    }

    synchronized int size() {
        return waiting.size();
    }

    /** Publications given up (too old, or beyond the limit). */
    synchronized long dropped() {
        return dropped;
    }
}
