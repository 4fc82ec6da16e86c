package nl.spreekuur.server.officehours;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.store.Queue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.spreekuur.server.config.Limits;
import nl.spreekuur.server.logging.RepeatedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.RequestException;

/**
 * Anti-flooding for the queue and offline messages, per client address (the connection's, see
 * {@code ClientSession.clientAddress}): token buckets for queue joins and offline messages
 * ({@code officehours.join-address-*}, {@code officehours.offline-address-*}: {@code RATE_LIMITED}), and caps on
 * waiting places per address and on the whole queue ({@code officehours.max-waiting-per-address},
 * {@code officehours.max-queue-length}: the join is refused with {@code QUEUE_FULL}). Waiting places are counted
 * from the stored queue; which address a waiting client joined from is remembered in memory on this node only
 * (never stored, never logged), for as long as an anonymous session lives at most. Every refusal is counted in
 * {@value #REFUSED_METRIC} and logged by kind (at most one WARN line a minute, with a count), so a spike shows.
 *
 * <p>Also the shorter reconnect grace of a long queue ({@link #reconnectGrace}): a bot that joins and disconnects
 * would otherwise hold a place for the office hour's whole grace (120 s by default).
 */
public final class QueueFloodGuard {
    /** Counter of refusals, tagged {@code kind} = {@code join}, {@code offline_message} or {@code queue_full}. */
    public static final String REFUSED_METRIC = "spreekuur.officehours.flood.refused";
    private static final Logger log = LoggerFactory.getLogger(QueueFloodGuard.class);
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    static final String TOO_MANY_JOINS = "too many queue joins from this address; try again later";
    static final String TOO_MANY_OFFLINE_MESSAGES = "too many offline messages from this address; try again later";
    private static final int MAX_REMEMBERED = 200_000;

    private final RateLimiter limiter;
    private final Limits.Rate joins;
    private final Limits.Rate offlineMessages;
    private final int maxWaitingPerAddress;
    private final int maxQueueLength;
    private final int longQueueLength;
    private final Duration longQueueGrace;
    private final Cache<String, String> addressOfPrincipal;
    private final MeterRegistry meters;
    private final RepeatedLog refusedLog;

    /**
     * @param remembered how long the address of a waiting client is kept (the anonymous session lifetime)
     * @param meters     where {@value #REFUSED_METRIC} counts refusals, by {@code kind}
     */
    public QueueFloodGuard(RateLimiter limiter, Limits limits, Duration remembered, Clock clock,
                           MeterRegistry meters) {
        this(limiter, limits.joinsPerAddress(), limits.offlineMessagesPerAddress(), limits.maxWaitingPerAddress(),
                limits.maxQueueLength(), limits.longQueueLength(), limits.longQueueGrace(), remembered, clock, meters);
    }

    private QueueFloodGuard(RateLimiter limiter, Limits.Rate joins, Limits.Rate offlineMessages,
                            int maxWaitingPerAddress, int maxQueueLength, int longQueueLength,
                            Duration longQueueGrace, Duration remembered, Clock clock, MeterRegistry meters) {
        this.longQueueLength = longQueueLength;
        this.longQueueGrace = longQueueGrace;
        this.meters = meters;
        this.refusedLog = new RepeatedLog(log, Level.WARN, LOG_INTERVAL, clock);
        this.limiter = limiter;
        this.joins = joins;
        this.offlineMessages = offlineMessages;
        this.maxWaitingPerAddress = maxWaitingPerAddress;
        this.maxQueueLength = maxQueueLength;
        this.addressOfPrincipal = Caffeine.newBuilder()
                .maximumSize(MAX_REMEMBERED)
                .expireAfterWrite(remembered.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    /** No limits (service tests that do not test them). */
    public static QueueFloodGuard unlimited() {
        Limits.Rate none = new Limits.Rate(Integer.MAX_VALUE, 1e12);
        return new QueueFloodGuard(null, none, none, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Duration.ofMinutes(15), Duration.ofMinutes(1), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    void admitJoin(String address) {
        take("join", address, joins, TOO_MANY_JOINS);
    }

    void admitOfflineMessage(String address) {
        take("offline_message", address, offlineMessages, TOO_MANY_OFFLINE_MESSAGES);
    }

    private void take(String kind, String address, Limits.Rate rate, String message) {
        if (limiter == null) {
            return;
        }
        if (!limiter.tryAcquire("oh-" + kind + ":" + address,
                new RateLimiter.Limit(rate.burst(), rate.perSecond())).allowed()) {
            refused(kind);
            throw new RequestException(ErrorCode.RATE_LIMITED, message);
        }
    }

    /** Counts a refusal and logs it (kind only, never the address), at most one line a minute with a count. */
    private void refused(String kind) {
        meters.counter(REFUSED_METRIC, "kind", kind).increment();
        refusedLog.log("queue flooding: a {} was refused by a per-address or queue limit", kind);
    }

    /**
     * Whether a further waiting place is refused: the queue already has {@code officehours.max-queue-length}
     * waiting, or this address already holds {@code officehours.max-waiting-per-address} of them.
     */
    boolean full(Collection<String> waitingPrincipalIds, String address) {
        if (waitingPrincipalIds.size() >= maxQueueLength) {
            refused("queue_full");
            return true;
        }
        int ofAddress = 0;
        for (String principalId : waitingPrincipalIds) {
            if (address.equals(addressOfPrincipal.getIfPresent(principalId)) && ++ofAddress >= maxWaitingPerAddress) {
                refused("queue_full");
                return true;
            }
        }
        return false;
    }

    /**
     * How long a disconnected client keeps their place or chat: the office hour's grace, except for a client still
     * waiting who was never served (not claimed, not handed back by a transfer) while {@code waiting} clients are
     * at least {@code officehours.long-queue-length}: then at most {@code officehours.long-queue-grace-seconds}.
     */
    Duration reconnectGrace(Duration officeHourGrace, Queue.Entry entry, int waiting) {
        boolean neverServed = entry.state() == QueueState.WAITING && entry.claimedAt() == null
                && !entry.returnedByTransfer();
        if (neverServed && waiting >= longQueueLength && longQueueGrace.compareTo(officeHourGrace) < 0) {
            return longQueueGrace;
        }
        return officeHourGrace;
    }

    /** The shortest grace {@link #reconnectGrace} gives anyone, given the office hours' own minimum. */
    Duration shortestGrace(Duration officeHourMinimum) {
        return longQueueGrace.compareTo(officeHourMinimum) < 0 ? longQueueGrace : officeHourMinimum;
    }

    void joined(String principalId, String address) {
        addressOfPrincipal.put(principalId, address);
    }
}
