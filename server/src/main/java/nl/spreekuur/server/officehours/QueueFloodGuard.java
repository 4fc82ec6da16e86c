package nl.spreekuur.server.officehours;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.server.config.Limits;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.RequestException;

/**
 * Anti-flooding for the queue and offline messages, per client address (the connection's, see
 * {@code ClientSession.clientAddress}): token buckets for queue joins and offline messages
 * ({@code officehours.join-address-*}, {@code officehours.offline-address-*}: {@code RATE_LIMITED}), and caps on
 * waiting places per address and on the whole queue ({@code officehours.max-waiting-per-address},
 * {@code officehours.max-queue-length}: the join is refused with {@code QUEUE_FULL}). Waiting places are counted
 * from the stored queue; which address a waiting client joined from is remembered in memory on this node only
 * (never stored, never logged), for as long as an anonymous session lives at most.
 */
public final class QueueFloodGuard {
    static final String TOO_MANY_JOINS = "too many queue joins from this address; try again later";
    static final String TOO_MANY_OFFLINE_MESSAGES = "too many offline messages from this address; try again later";
    private static final int MAX_REMEMBERED = 200_000;

    private final RateLimiter limiter;
    private final Limits.Rate joins;
    private final Limits.Rate offlineMessages;
    private final int maxWaitingPerAddress;
    private final int maxQueueLength;
    private final Cache<String, String> addressOfPrincipal;

    public QueueFloodGuard(RateLimiter limiter, Limits limits, Duration remembered, Clock clock) {
        this(limiter, limits.joinsPerAddress(), limits.offlineMessagesPerAddress(), limits.maxWaitingPerAddress(),
                limits.maxQueueLength(), remembered, clock);
    }

    private QueueFloodGuard(RateLimiter limiter, Limits.Rate joins, Limits.Rate offlineMessages,
                            int maxWaitingPerAddress, int maxQueueLength, Duration remembered, Clock clock) {
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
        return new QueueFloodGuard(null, none, none, Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofMinutes(1),
                Clock.systemUTC());
    }

    void admitJoin(String address) {
        take("oh-join:", address, joins, TOO_MANY_JOINS);
    }

    void admitOfflineMessage(String address) {
        take("oh-offline:", address, offlineMessages, TOO_MANY_OFFLINE_MESSAGES);
    }

    private void take(String kind, String address, Limits.Rate rate, String message) {
        if (limiter == null) {
            return;
        }
        if (!limiter.tryAcquire(kind + address, new RateLimiter.Limit(rate.burst(), rate.perSecond())).allowed()) {
            throw new RequestException(ErrorCode.RATE_LIMITED, message);
        }
    }

    /**
     * Whether a further waiting place is refused: the queue already has {@code officehours.max-queue-length}
     * waiting, or this address already holds {@code officehours.max-waiting-per-address} of them.
     */
    boolean full(Collection<String> waitingPrincipalIds, String address) {
        if (waitingPrincipalIds.size() >= maxQueueLength) {
            return true;
        }
        int ofAddress = 0;
        for (String principalId : waitingPrincipalIds) {
            if (address.equals(addressOfPrincipal.getIfPresent(principalId)) && ++ofAddress >= maxWaitingPerAddress) {
                return true;
            }
        }
        return false;
    }

    void joined(String principalId, String address) {
        addressOfPrincipal.put(principalId, address);
    }
}
