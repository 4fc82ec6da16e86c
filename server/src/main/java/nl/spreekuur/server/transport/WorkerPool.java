package nl.spreekuur.server.transport;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.logging.RepeatedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The worker threads that run requests (off the event loops, because services block on the store) and HTTP
 * routes: one fixed {@link ThreadPoolExecutor} shared by every connection. A WebSocket connection uses it through
 * its own {@link SerialExecutor}, so its requests keep their order while any free worker may run them; a slow
 * store call on one connection therefore never stalls another connection that happens to share a thread, as the
 * earlier one-pinned-thread-per-connection executors did.
 *
 * <p>The pool's queue has no capacity, yet its length is bounded: it holds {@link SerialExecutor} turns (at most
 * one per WebSocket connection with work waiting) and HTTP requests (at most one per HTTP connection, which reads
 * nothing more until it has answered). The requests behind the turns are bounded by the in-flight limits of
 * {@link RequestGate} ({@code ws.max-in-flight} per connection, {@code app.max-in-flight} in total). A capacity
 * would add nothing but a refusal path for a connection's disconnect, which must always run.
 */
public final class WorkerPool implements Executor {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private final ThreadPoolExecutor pool;
    private final RepeatedLog dropped;
    private final RepeatedLog failed;

    public WorkerPool(int threads, Clock clock) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("spreekuur-app"));
        this.dropped = new RepeatedLog(log, Level.WARN, LOG_INTERVAL, clock);
        this.failed = new RepeatedLog(log, Level.WARN, LOG_INTERVAL, clock);
    }

    /** Runs the task on a free worker; throws {@link java.util.concurrent.RejectedExecutionException} once stopped. */
    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** A new ordered lane for one connection. */
    SerialExecutor newSerialExecutor() {
        return new SerialExecutor(pool, dropped, failed);
    }

    public int threads() {
        return pool.getMaximumPoolSize();
    }

    /** Turns and HTTP requests waiting for a free worker. */
    public int queued() {
        return pool.getQueue().size();
    }

    /**
     * Lets what is queued run for up to {@code grace}, then interrupts the workers and drops the rest, logging the
     * dropped tasks as one line (not one per task).
     */
    public void shutdown(Duration grace) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> left = pool.shutdownNow();
                if (!left.isEmpty()) {
                    log.warn("workers stopped after {} ms; {} queued turn(s) or HTTP request(s) dropped",
                            grace.toMillis(), left.size());
                }
                pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        dropped.flush();
        failed.flush();
    }
}
