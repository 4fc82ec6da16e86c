package nl.spreekuur.server.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every Argon2 computation of the server runs here: a small fixed pool of its own ({@code auth.password-threads})
 * with a bounded queue ({@code auth.password-queue}), apart from the event loops and the worker pool that carries
 * chat traffic. A flood of logins therefore waits here (or is refused with {@link BusyException}, which
 * {@code /api/login} answers with 429 and {@code Retry-After}) and never delays a chat message. The hasher is
 * confined to these threads: called anywhere else it throws.
 */
public final class PasswordChecks implements AutoCloseable {
    /** What a refused check tells the caller to wait. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final ThreadLocal<Boolean> ON_PASSWORD_THREAD = ThreadLocal.withInitial(() -> false);

    private final ThreadPoolExecutor pool;
    private final PasswordHasher hasher = new PasswordHasher(ON_PASSWORD_THREAD::get);
    private final Counter refused;

    /** Thrown when every password thread is busy and the queue is full. */
    public static final class BusyException extends RuntimeException {
        BusyException() {
            super("password checks busy", null, false, false);
        }

        public Duration retryAfter() {
            return RETRY_AFTER;
        }
    }

    public PasswordChecks(int threads, int queue, MeterRegistry metrics) {
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, waiting, task -> {
            Thread thread = new Thread(() -> {
                ON_PASSWORD_THREAD.set(true);
                task.run();
            }, "spreekuur-password-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.refused = Counter.builder("spreekuur.password.checks.refused")
                .description("password checks refused because every password thread was busy and the queue full")
                .register(metrics);
        Gauge.builder("spreekuur.password.checks.waiting", waiting, BlockingQueue::size)
                .description("password checks waiting for a password thread").register(metrics);
    }

    /** Whether the calling thread is one of the password threads. */
    public static boolean onPasswordThread() {
        return ON_PASSWORD_THREAD.get();
    }

    /**
     * Verifies on a password thread.
     *
     * @throws BusyException when the pool and its queue are full (nothing was started)
     */
    public CompletableFuture<Boolean> verify(String encodedHash, char[] password) {
        return submit(() -> hasher.verify(encodedHash, password));
    }

    /** Spends one verification's time and answers false (unknown or disabled accounts). */
    public CompletableFuture<Boolean> verifyDummy(char[] password) {
        return submit(() -> hasher.verifyDummy(password));
    }

    /**
     * Hashes a new password on a password thread and waits for it: for set-up, the command line and the rare
     * password change by an administrator, which may wait.
     *
     * @throws IllegalArgumentException if the password is not acceptable ({@link PasswordHasher#requireAcceptable})
     * @throws BusyException            when the pool and its queue are full
     */
    public String hash(char[] password) {
        PasswordHasher.requireAcceptable(password);
        try {
            return submit(() -> hasher.hash(password)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException full) {
            refused.increment();
            throw new BusyException();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
