package nl.spreekuur.server.logging;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * One log statement that may fire thousands of times a second (a store outage answers every request with
 * UNAVAILABLE; a shutdown drops every queued request) and must not flood the log. The first occurrence is logged at
 * once; later ones are counted (and logged at DEBUG only, which production leaves off) until {@code interval} has
 * passed since the last line, when the next occurrence is logged with how many were left out since that line, e.g.
 * {@code store unavailable while handling SEND_MESSAGE: x.StoreException (4321 more like this since the previous
 * line)}. At most one line per interval, each with a count.
 *
 * <p>The count of the last interval of a burst is reported with the next occurrence, or by {@link #flush()} where
 * the caller knows a burst ended (shutdown). Thread-safe. Like every log line: arguments are types, codes and counts,
 * never message bodies, nicknames, tokens or addresses.
 */
public final class RepeatedLog {
    private final Logger logger;
    private final Level level;
    private final long intervalMillis;
    private final Clock clock;

    // guarded by this
    private boolean logged;
    private long lastLineMillis;
    private long suppressed;
    private String lastFormat;
    private Object[] lastArguments;

    public RepeatedLog(Logger logger, Level level, Duration interval, Clock clock) {
        this.logger = Objects.requireNonNull(logger);
        this.level = Objects.requireNonNull(level);
        this.intervalMillis = interval.toMillis();
        this.clock = Objects.requireNonNull(clock);
    }

    /** Logs the line now, or counts it when a line of this log went out less than the interval ago. */
    public void log(String format, Object... arguments) {
        long now = clock.millis();
        long left;
        synchronized (this) {
            boolean quiet = logged && now - lastLineMillis < intervalMillis && now >= lastLineMillis;
            if (quiet) {
                suppressed++;
                lastFormat = format;
                lastArguments = arguments;
                left = -1;
            } else {
                logged = true;
                lastLineMillis = now;
                left = suppressed;
                suppressed = 0;
            }
        }
        if (left < 0) {
            logger.debug(format, arguments);
        } else {
            emit(format, arguments, left);
        }
    }

    /** Logs the count of what was left out since the last line (with its last occurrence), if anything was. */
    public void flush() {
        String format;
        Object[] arguments;
        long left;
        synchronized (this) {
            if (suppressed == 0) {
                return;
            }
            format = lastFormat;
            arguments = lastArguments;
            left = suppressed - 1;
            suppressed = 0;
            lastLineMillis = clock.millis();
        }
        emit(format, arguments, left);
    }

    private void emit(String format, Object[] arguments, long left) {
        if (left == 0) {
            logger.atLevel(level).log(format, arguments);
            return;
        }
        Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
        withCount[arguments.length] = left;
        logger.atLevel(level).log(format + " ({} more like this since the previous line)", withCount);
    }
}
