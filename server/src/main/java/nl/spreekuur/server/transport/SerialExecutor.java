package nl.spreekuur.server.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.spreekuur.server.logging.ContentFreeStackTrace;
import nl.spreekuur.server.logging.RepeatedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's ordered execution on the shared {@link WorkerPool}: tasks run one at a time, in the order given,
 * each on whichever worker is free (the pattern of {@link Executor}'s own javadoc). A task that blocks (a slow store
 * call) holds up only this connection; the other workers keep serving everyone else. After
 * {@value #TASKS_PER_TURN} tasks a connection gives its worker back and queues up again behind the others, so a
 * connection with a long backlog does not keep a worker to itself.
 *
 * <p>The queue has no capacity of its own because it never needs one: what lands here is one connection's requests,
 * at most {@code ws.max-in-flight} of them ({@link RequestGate} stops reading the socket before more could arrive),
 * plus its Hello timeout and its disconnect, each once. The pool's queue holds at most one entry per connection.
 *
 * <p>Netty offers the same over an unordered pool ({@code NonStickyEventExecutorGroup}), but the only pool it
 * accepts, {@code UnorderedThreadPoolEventExecutor}, is deprecated in Netty 4.2, and its executors cannot schedule;
 * this class is the few lines that are left once the timer lives on the channel's event loop.
 */
final class SerialExecutor implements Executor {
    static final int TASKS_PER_TURN = 16;

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor workers;
    private final RepeatedLog dropped;
    private final RepeatedLog failed;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** A turn is queued on the pool or running; at most one at a time, which is what keeps the order. */
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor workers, RepeatedLog dropped, RepeatedLog failed) {
        this.workers = workers;
        this.dropped = dropped;
        this.failed = failed;
    }

    /** Queues the task behind this connection's earlier ones. Never blocks; after shutdown the task is dropped. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            try {
                workers.execute(this::turn);
            } catch (RejectedExecutionException stopped) {
                scheduled.set(false);
                drop();
            }
        }
    }

    /** Tasks waiting (for tests and for counting what a shutdown drops). */
    int queued() {
        return tasks.size();
    }

    private void turn() {
        boolean stopping = false;
        while (true) {
            for (int i = 0; stopping || i < TASKS_PER_TURN; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                run(task);
            }
            scheduled.set(false);
            // A task added after the last poll found the turn still scheduled and relies on this check.
            if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
            try {
                workers.execute(this::turn);
                return;
            } catch (RejectedExecutionException shuttingDown) {
                // A graceful shutdown still lets this worker finish: it runs the rest of the backlog itself.
                stopping = true;
            }
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // The stages answer their own failures; this only keeps a bug from stopping the connection's queue.
            failed.log("task of a connection failed: {}", e.getClass().getName());
            log.debug("stack trace (messages left out):\n{}", ContentFreeStackTrace.of(e));
        }
    }

    private void drop() {
        int count = 0;
        while (tasks.poll() != null) {
            count++;
        }
        if (count > 0) {
            dropped.log("workers stopped; {} queued task(s) of a connection dropped", count);
        }
    }
}
