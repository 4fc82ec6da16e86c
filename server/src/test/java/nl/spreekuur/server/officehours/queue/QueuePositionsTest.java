package nl.spreekuur.server.officehours.queue;

import static nl.spreekuur.server.testsupport.OfficeHourDrafts.ams;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.store.Queue;
import org.junit.jupiter.api.Test;

class QueuePositionsTest {

    private static Queue.Entry entry(String id, boolean urgent, Instant joinedAt, QueueState state) {
        return new Queue.Entry(id, "oh-1", "org-1", "conv-" + id, "client-" + id, "nick", "", urgent, state,
                joinedAt, null, null, null, false, null);
    }

    private final Queue.Entry a = entry("a", false, ams("2026-06-01T10:00"), QueueState.WAITING);
    private final Queue.Entry b = entry("b", true, ams("2026-06-01T10:01"), QueueState.WAITING);
    private final Queue.Entry c = entry("c", false, ams("2026-06-01T10:00"), QueueState.WAITING);
    private final Queue.Entry d = entry("d", false, ams("2026-06-01T09:00"), QueueState.IN_CHAT);
    private final Queue.Entry e = entry("e", true, ams("2026-06-01T10:05"), QueueState.WAITING);
    private final Queue.Entry f = entry("f", false, ams("2026-06-01T09:59"), QueueState.WAITING);

    @Test
    void urgentFirstThenLongestWaitingThenId() {
        List<Queue.Entry> shuffled = new ArrayList<>(List.of(c, e, a, f, b));
        shuffled.sort(QueueOrder.SERVING);
        assertThat(shuffled).containsExactly(b, e, f, a, c);
    }

    @Test
    void positionsCountOnlyWaitingEntries() {
        QueuePositions positions = QueuePositions.of(List.of(a, b, c, d, e, f));
        assertThat(positions.inOrder()).containsExactly(b, e, f, a, c);
        assertThat(positions.size()).isEqualTo(5);
        assertThat(positions.positionOf("b")).hasValue(1);
        assertThat(positions.positionOf("f")).hasValue(3);
        assertThat(positions.positionOf("c")).hasValue(5);
        assertThat(positions.positionOf("d")).as("in chat").isEmpty();
        assertThat(positions.positionOf("zz")).isEmpty();
        assertThat(positions.next()).contains(b);
        assertThat(positions.entry("f")).containsSame(f);
        assertThat(positions.entry("d")).as("in chat").isEmpty();
    }

    @Test
    void anEmptyQueueHasNoNext() {
        QueuePositions none = QueuePositions.of(List.of(d));
        assertThat(none.size()).isZero();
        assertThat(none.next()).isEmpty();
    }
}
