package nl.spreekuur.server.testsupport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the contract suites of the shared-state seams (presence, token revocations, rate limits): each test gets
 * a fresh implementation on a {@link TestClock} it may move; an implementation that holds resources (a Redis
 * connection) is closed after the test.
 *
 * @param <T> the seam's interface
 */
public abstract class SharedStateContract<T> {
    protected final TestClock clock = new TestClock();
    protected T subject;

    /** A fresh, empty implementation on the given clock. */
    protected abstract T create(Clock clock);

    @BeforeEach
    void createSubject() {
        subject = create(clock);
    }

    @AfterEach
    void closeSubject() throws Exception {
        if (subject instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Runs task(0) .. task(count - 1) on 8 threads and waits for all; a failure of any task fails the test. */
    protected static void concurrently(int count, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                done.add(pool.submit(() -> task.accept(n)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
