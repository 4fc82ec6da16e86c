package nl.spreekuur.server.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A period in which the office hour is open: [opensAt, closesAt). */
public record Opening(Instant opensAt, Instant closesAt) {

    public Opening {
        Objects.requireNonNull(opensAt, "opensAt");
        Objects.requireNonNull(closesAt, "closesAt");
        if (!closesAt.isAfter(opensAt)) {
            throw new IllegalArgumentException("an opening must end after it starts");
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(opensAt) && t.isBefore(closesAt);
    }

    boolean overlaps(Instant from, Instant to) {
        return opensAt.isBefore(to) && closesAt.isAfter(from);
    }

    /** Time left until closing, zero once closed. */
    Duration remainingAt(Instant t) {
        return t.isBefore(closesAt) ? Duration.between(t, closesAt) : Duration.ZERO;
    }
}
