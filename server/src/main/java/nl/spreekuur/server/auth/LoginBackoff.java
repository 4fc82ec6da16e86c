package nl.spreekuur.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Exponential back-off per account name: after {@code freeFailures} wrong passwords in a row, the next attempt is
 * refused without a password check until {@code base × 2^(failures − freeFailures)} (at most {@code max}) has
 * passed since the last failure. A correct password clears it. Names that are not accounts are counted the same
 * way, so the back-off does not tell which names exist. Kept in memory on this node (a flood spread over several
 * nodes is slowed per node), bounded in size; entries expire after {@code max} without failures.
 */
public final class LoginBackoff {
    static final int MAX_ENTRIES = 100_000;

    private record Failures(int count, Instant last) {
    }

    private final Cache<String, Failures> failures;
    private final Clock clock;
    private final int freeFailures;
    private final Duration base;
    private final Duration max;

    public LoginBackoff(Clock clock, int freeFailures, Duration base, Duration max) {
        this.clock = clock;
        this.freeFailures = freeFailures;
        this.base = base;
        this.max = max;
        this.failures = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(max.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** The account key: organisation slug and user name as the login normalises them. */
    public static String key(String organisationSlug, String username) {
        String org = organisationSlug == null ? "" : organisationSlug.trim().toLowerCase(Locale.ROOT);
        String user = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return org + "\u0000" + user;
    }

    /** How long the account must still wait, or empty when an attempt may be checked now. */
    public Optional<Duration> waitFor(String key) {
        Failures f = failures.getIfPresent(key);
        if (f == null || f.count() < freeFailures) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.last().plus(backoff(f.count())));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** The back-off after {@code count} failures in a row (count ≥ freeFailures). */
    Duration backoff(int count) {
        int doublings = Math.min(count - freeFailures, 40);
        Duration d = base.multipliedBy(1L << Math.min(doublings, 30));
        return d.compareTo(max) > 0 || doublings >= 30 ? max : d;
    }

    public void failed(String key) {
        Instant now = clock.instant();
        failures.asMap().merge(key, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
    }

    public void succeeded(String key) {
        failures.invalidate(key);
    }
}
