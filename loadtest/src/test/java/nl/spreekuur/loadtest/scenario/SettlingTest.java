package nl.spreekuur.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The wait after a run: as long as what is outstanding keeps changing, up to a cap. */
class SettlingTest {
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration CAP = Duration.ofMinutes(5);

    private final AtomicLong now = new AtomicLong();

    @Test
    void aBacklogThatDrainsForAMinuteIsWaitedFor() throws InterruptedException {
        // one message a second answered or delivered, 60 in all: longer than the quiet period, never quiet for it
        LongSupplier outstanding = () -> Math.max(0, 60 - seconds());

        Settling.await(outstanding, now::get, this::advance, QUIET, CAP);

        assertThat(outstanding.getAsLong()).isZero();
        assertThat(seconds()).isEqualTo(60);
    }

    @Test
    void nothingChangingForTheQuietPeriodEndsTheWait() throws InterruptedException {
        // drains to 3 after 5 s, then nothing more arrives
        LongSupplier outstanding = () -> seconds() < 5 ? 10 : 3;

        Settling.await(outstanding, now::get, this::advance, QUIET, CAP);

        assertThat(seconds()).isEqualTo(15);
        assertThat(outstanding.getAsLong()).isEqualTo(3);
    }

    @Test
    void aBacklogThatKeepsChangingEndsAtTheCap() throws InterruptedException {
        LongSupplier outstanding = () -> 1 + seconds() % 2;

        Settling.await(outstanding, now::get, this::advance, QUIET, CAP);

        assertThat(seconds()).isEqualTo(CAP.toSeconds());
    }

    @Test
    void nothingOutstandingReturnsAtOnce() throws InterruptedException {
        Settling.await(() -> 0, now::get, this::advance, QUIET, CAP);

        assertThat(now.get()).isZero();
    }

    private long seconds() {
        return TimeUnit.NANOSECONDS.toSeconds(now.get());
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
