package nl.spreekuur.server.ratelimit;

import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.spreekuur.server.logging.RepeatedLog;
import nl.spreekuur.server.redis.RedisCommandConnection;
import nl.spreekuur.server.redis.RedisConnector;
import nl.spreekuur.server.redis.RedisScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Token buckets shared by every node without a Redis round trip per request: each node decides locally, exactly as
 * {@link InMemoryRateLimiter} does, and every {@link #SYNC_INTERVAL} tells Redis how many tokens it took per key
 * since the last sync ({@code INCRBY} on a counter per key, {@code spreekuur:rate:<key>}, all keys pipelined). The
 * answer is the total every node took; what other nodes took since this node's previous sync is taken from the
 * local bucket as well (down to empty). So a person's connections on several nodes share one bucket, up to one sync
 * interval late: across N nodes they can get at most about N × burst before the buckets agree.
 *
 * <p>Chosen over a Lua token bucket in Redis per request (exact, but one round trip on the hot path of every chat
 * message, and every message refused when Redis is down) and over fixed windows in Redis: the limit is coarse
 * protection against floods, so being a second late across nodes is fine, and a Redis outage only makes the limit
 * per node until Redis is back.
 *
 * <p>The counters carry a Redis expiry (twice the time to refill plus a minute, renewed by every sync), so keys of
 * people who stopped sending go away. A counter that restarted (expired, or Redis restarted) is taken as the new
 * baseline; a bucket's first sync is a baseline too (consumption from before it existed here is not charged).
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
    public static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final String PREFIX = "spreekuur:rate:";
    /** KEYS: counter. ARGV: tokens taken here since the last sync, key TTL (ms). Returns the new total. */
    private static final RedisScript ADD = new RedisScript("""
            local total = redis.call('INCRBY', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return total
            """, ScriptOutputType.INTEGER);

    private static final class Bucket {
        double tokens;
        long atNanos;
        long fullAfterNanos;
        /** Tokens taken here and not yet reported to Redis. */
        long unsynced;
        /** The shared total as of this bucket's last sync (own reports included); -1 before the first. */
        long seenTotal = -1;
    }

    private final RedisCommandConnection redis;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean syncing = new AtomicBoolean();
    private final RepeatedLog failures;
    private final ScheduledExecutorService syncer;

    /**
     * Opens its own connection (throws if Redis cannot be reached now).
     *
     * @param scheduled whether to sync every {@link #SYNC_INTERVAL} on its own thread (false: the caller calls
     *                  {@link #sync()}, as tests do)
     */
    public RedisRateLimiter(RedisConnector connector, Clock clock, boolean scheduled) {
        this.redis = connector.connectText();
        this.clock = clock;
        this.failures = new RepeatedLog(log, Level.WARN, Duration.ofSeconds(10), clock);
        if (scheduled) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ratelimit-redis-sync");
                t.setDaemon(true);
                return t;
            });
            long every = SYNC_INTERVAL.toMillis();
            syncer.scheduleWithFixedDelay(this::syncQuietly, every, every, TimeUnit.MILLISECONDS);
        } else {
            syncer = null;
        }
    }

    @Override
    public Decision tryAcquire(String key, Limit limit) {
        long now = nowNanos();
        Decision[] decision = new Decision[1];
        buckets.compute(key, (k, existing) -> {
            Bucket bucket = existing == null ? fresh(limit, now) : existing;
            refill(bucket, limit, now);
            if (bucket.tokens >= 1.0) {
                bucket.tokens -= 1.0;
                bucket.unsynced++;
                decision[0] = Decision.ALLOWED;
            } else {
                long waitNanos = (long) Math.ceil((1.0 - bucket.tokens) / limit.perSecond() * 1e9);
                decision[0] = new Decision(false, Duration.ofNanos(waitNanos));
            }
            bucket.fullAfterNanos = (long) Math.ceil(limit.burst() / limit.perSecond() * 1e9);
            return bucket;
        });
        return decision[0];
    }

    private static Bucket fresh(Limit limit, long now) {
        Bucket bucket = new Bucket();
        bucket.tokens = limit.burst();
        bucket.atNanos = now;
        return bucket;
    }

    /** Adds what came back since the bucket was last touched; a clock stepping back refills nothing. */
    private static void refill(Bucket bucket, Limit limit, long now) {
        long elapsed = Math.max(0, now - bucket.atNanos);
        bucket.tokens = Math.min(limit.burst(), bucket.tokens + elapsed / 1e9 * limit.perSecond());
        bucket.atNanos = now;
    }

    /**
     * Reports this node's takings of every bucket to Redis and charges every bucket with the other nodes' takings;
     * drops buckets that are full again and have nothing to report. Completes when Redis answered (or failed).
     * At most one sync runs at a time; a call during one returns at once.
     */
    public CompletableFuture<Void> sync() {
        if (!syncing.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        long now = nowNanos();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (String key : buckets.keySet()) {
            long[] delta = {-1};
            long[] keyTtl = {0};
            buckets.computeIfPresent(key, (k, bucket) -> {
                boolean full = now - bucket.atNanos >= bucket.fullAfterNanos;
                if (full && bucket.unsynced == 0) {
                    return null;
                }
                delta[0] = bucket.unsynced;
                bucket.unsynced = 0;
                keyTtl[0] = Math.max(bucket.fullAfterNanos / 1_000_000L, SYNC_INTERVAL.toMillis()) * 2 + 60_000L;
                return bucket;
            });
            if (delta[0] < 0) {
                continue;
            }
            answers.add(ADD.<Long>runAsync(redis.async(), new String[] {PREFIX + key}, Long.toString(delta[0]),
                    Long.toString(keyTtl[0])).whenComplete((total, failure) -> {
                        if (failure != null) {
                            failures.log("rate-limit sync with Redis failed ({}); limits are per node meanwhile",
                                    failure.getClass().getSimpleName());
                            buckets.computeIfPresent(key, (k, bucket) -> {
                                bucket.unsynced += delta[0];
                                return bucket;
                            });
                        } else {
                            charge(key, delta[0], total);
                        }
                    }).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                .handle((ok, failure) -> null)
                .thenRun(() -> syncing.set(false));
    }

    private void charge(String key, long reported, long total) {
        buckets.computeIfPresent(key, (k, bucket) -> {
            long before = bucket.seenTotal;
            bucket.seenTotal = total;
            if (before < 0 || total < before + reported) {
                return bucket; // first sync of this bucket, or the counter restarted: a new baseline
            }
            long others = total - before - reported;
            if (others > 0) {
                bucket.tokens = Math.max(0.0, bucket.tokens - others);
            }
            return bucket;
        });
    }

    private void syncQuietly() {
        try {
            sync().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            failures.log("rate-limit sync failed: {}", e.getClass().getSimpleName());
        }
    }

    private long nowNanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        failures.flush();
        redis.close();
    }
}
