package nl.spreekuur.server.officehours.queue;

import java.util.Comparator;
import nl.spreekuur.server.store.Queue;

/**
 * Serving order of waiting clients, the same as the store's {@link Queue#waiting}: urgent first, then longest
 * waiting (joinedAt, which a transfer back to the queue keeps), then id so that equal join times still have one
 * order on every node.
 */
final class QueueOrder {

    static final Comparator<Queue.Entry> SERVING = Comparator
            .comparing((Queue.Entry e) -> !e.urgent())
            .thenComparing(Queue.Entry::joinedAt)
            .thenComparing(Queue.Entry::id);

    private QueueOrder() {
    }
}
