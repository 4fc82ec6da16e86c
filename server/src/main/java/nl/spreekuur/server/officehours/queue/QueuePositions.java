package nl.spreekuur.server.officehours.queue;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.store.Queue;

/** Positions (1 = next) of the waiting clients of one office hour. */
public final class QueuePositions {

    private final List<Queue.Entry> inOrder;
    private final Map<String, Integer> positions;

    private QueuePositions(List<Queue.Entry> inOrder) {
        this.inOrder = inOrder;
        this.positions = new HashMap<>();
        for (int i = 0; i < inOrder.size(); i++) {
            positions.put(inOrder.get(i).id(), i + 1);
        }
    }

    /** Keeps only WAITING entries and sorts them in {@link QueueOrder#SERVING} order (whatever the input order). */
    public static QueuePositions of(Collection<Queue.Entry> entries) {
        return new QueuePositions(entries.stream()
                .filter(e -> e.state() == QueueState.WAITING)
                .sorted(QueueOrder.SERVING)
                .toList());
    }

    public List<Queue.Entry> inOrder() {
        return inOrder;
    }

    public int size() {
        return inOrder.size();
    }

    /** Empty if the entry is not waiting. */
    public OptionalInt positionOf(String entryId) {
        Integer position = positions.get(entryId);
        return position == null ? OptionalInt.empty() : OptionalInt.of(position);
    }

    /** The waiting entry with this id, as loaded; empty if it is not waiting. */
    public Optional<Queue.Entry> entry(String entryId) {
        Integer position = positions.get(entryId);
        return position == null ? Optional.empty() : Optional.of(inOrder.get(position - 1));
    }

    Optional<Queue.Entry> next() {
        return inOrder.isEmpty() ? Optional.empty() : Optional.of(inOrder.get(0));
    }
}
