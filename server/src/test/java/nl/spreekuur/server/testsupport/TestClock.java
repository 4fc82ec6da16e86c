package nl.spreekuur.server.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when a test moves it, so time-dependent behaviour (retention, grace periods, schedules)
 * is tested without sleeping. Thread-safe; clocks made by {@link #withZone} share the same time.
 */
public final class TestClock extends Clock {

    /** A Monday morning, so schedule tests start from a known weekday. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T09:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public TestClock() {
        this(DEFAULT_START);
    }

    public TestClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public static TestClock at(String isoInstant) {
        return new TestClock(Instant.parse(isoInstant));
    }

    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the time forward (or back, for a negative duration) and returns the new time. */
    public Instant advance(Duration duration) {
        return now.updateAndGet(current -> current.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public TestClock withZone(ZoneId newZone) {
        return new TestClock(now, newZone);
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + ", " + zone + "]";
    }
}
