package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.server.metrics.ServerMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate on an {@link EmbeddedChannel} (its event loop runs when the test says so) with a hand-run executor, so
 * every step of pausing and resuming is visible: nothing is handed over beyond the bounds, and reading is switched
 * off instead.
 */
class RequestGateTest {
    private final ServerMetrics metrics = new ServerMetrics();
    private final List<String> handled = new ArrayList<>();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    @Test
    void stopsReadingAtItsBoundAndResumesAtHalf() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Worker worker = new Worker();
        InFlightLimit node = new InFlightLimit(100);
        RequestGate gate = gate(channel, worker, node, 4);

        for (int i = 1; i <= 6; i++) {
            gate.offer(request("r" + i));
        }
        assertThat(gate.unfinished()).isEqualTo(4);
        assertThat(worker.tasks).hasSize(4);
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(node.pausedAtOwnBound()).isEqualTo(1);

        worker.runOne();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).as("3 unfinished: above the low-water mark").isFalse();

        worker.runOne();
        channel.runPendingTasks();
        assertThat(gate.unfinished()).as("2 left, then the two held ones").isEqualTo(4);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(node.pausedAtOwnBound()).isZero();

        worker.runAll();
        channel.runPendingTasks();
        assertThat(handled).containsExactly("r1", "r2", "r3", "r4", "r5", "r6");
        assertThat(gate.unfinished()).isZero();
        assertThat(node.inFlight()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void atTheNodeBoundTheLongestWaitingConnectionGetsTheNextPermit() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        EmbeddedChannel third = new EmbeddedChannel();
        Worker worker = new Worker();
        InFlightLimit node = new InFlightLimit(1);
        RequestGate a = gate(first, worker, node, 32);
        RequestGate b = gate(second, worker, node, 32);
        RequestGate c = gate(third, worker, node, 32);

        a.offer(request("a1"));
        b.offer(request("b1"));
        c.offer(request("c1"));
        a.offer(request("a2"));
        assertThat(node.inFlight()).isEqualTo(1);
        assertThat(node.waiting()).isEqualTo(3);
        assertThat(first.config().isAutoRead()).isFalse();
        assertThat(second.config().isAutoRead()).isFalse();
        assertThat(third.config().isAutoRead()).isFalse();

        worker.runOne();
        second.runPendingTasks();
        assertThat(second.config().isAutoRead()).isTrue();
        assertThat(node.inFlight()).isEqualTo(1);

        worker.runOne();
        third.runPendingTasks();
        worker.runOne();
        first.runPendingTasks();
        worker.runAll();
        assertThat(handled).containsExactly("a1", "b1", "c1", "a2");
        assertThat(first.config().isAutoRead()).isTrue();
        assertThat(node.inFlight()).isZero();
        assertThat(node.waiting()).isZero();
    }

    @Test
    void aConnectionThatClosesWhileWaitingGivesItsTurnAway() {
        EmbeddedChannel first = new EmbeddedChannel();
        EmbeddedChannel second = new EmbeddedChannel();
        EmbeddedChannel third = new EmbeddedChannel();
        Worker worker = new Worker();
        InFlightLimit node = new InFlightLimit(1);
        RequestGate a = gate(first, worker, node, 32);
        RequestGate b = gate(second, worker, node, 32);
        RequestGate c = gate(third, worker, node, 32);

        a.offer(request("a1"));
        b.offer(request("b1"));
        c.offer(request("c1"));
        b.close();
        assertThat(node.waiting()).isEqualTo(1);

        worker.runOne();
        third.runPendingTasks();
        worker.runAll();
        assertThat(handled).containsExactly("a1", "c1");
        assertThat(node.inFlight()).isZero();
    }

    private RequestGate gate(EmbeddedChannel channel, Worker worker, InFlightLimit node, int max) {
        return new RequestGate(channel, worker, node, metrics, max, m -> handled.add(m.getRequestId()));
    }

    private static ClientMessage request(String id) {
        return ClientMessage.newBuilder().setRequestId(id).build();
    }

    /** An executor the test runs by hand, one task at a time (like one worker thread). */
    private static final class Worker implements java.util.concurrent.Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runOne() {
            tasks.remove().run();
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                runOne();
            }
        }
    }
}
