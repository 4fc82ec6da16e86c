package nl.spreekuur.server.officehours.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.store.StatisticsLog;

/**
 * Estimates how long a client at a queue position still has to wait before a professional picks them up.
 *
 * <h2>Model</h2>
 * With {@code P} = position (1 = next), {@code F} = free chat slots right now, {@code S} = all chat slots of the
 * professionals on duty, {@code A} = average chat duration and {@code U} = pick-up time (default one minute: a
 * professional has to notice the client and claim them):
 * <pre>
 *   P &lt;= F :  wait = U
 *   P &gt;  F :  wait = U + ceil((P - F) * A / S)
 * </pre>
 * The first {@code F} clients take a free slot straight away. Everyone behind them needs a busy slot to free up;
 * with {@code S} chats going on at once and each taking {@code A} on average, a slot frees every {@code A / S} on
 * average (throughput of a fully busy team), so the {@code (P - F)}-th such client waits {@code (P - F) * A / S}.
 * Nobody on duty means no slot will ever free up: the wait is unknown and {@link #estimate} returns empty rather
 * than a number. Whether the wait fits before closing is decided by {@link Admission}, which knows the opening.
 *
 * <p>Example: one professional with 3 chats (maximum 3), 15-minute chats, position 4: 1 + 4 × 15 / 3 = 21 minutes.
 *
 * <p>A professional on duty for two office hours is counted with all their slots in both; the estimate is then
 * optimistic, which the pick-up margin and the closing margin of {@link Admission} partly absorb.
 */
public final class WaitEstimator {

    /** Below this many served chats the office hour's own seed ({@code average_chat_minutes}) is used. */
    static final int MIN_CHAT_SAMPLES = 5;
    /** How far back a service should load CHAT_SECONDS facts for {@link #averageChatDuration}. */
    public static final int RECENT_DAYS = 28;
    /** Quick exits produce very short chats; an average below this would promise waits nobody gets. */
    static final Duration MIN_AVERAGE_CHAT = Duration.ofMinutes(1);
    /** The seed when a definition sets no {@code average_chat_minutes}; the definition's default too. */
    public static final int DEFAULT_AVERAGE_CHAT_MINUTES = 15;

    private final Duration pickUpTime;

    public WaitEstimator(Duration pickUpTime) {
        if (pickUpTime.isNegative()) {
            throw new IllegalArgumentException("pick-up time must not be negative");
        }
        this.pickUpTime = pickUpTime;
    }

    /**
     * @param position     1 = next in line
     * @param averageChat  see {@link #averageChatDuration}
     * @return the expected wait, rounded up to whole seconds; empty when nobody is on duty
     */
    Optional<Duration> estimate(int position, Staffing staffing, Duration averageChat) {
        if (position < 1) {
            throw new IllegalArgumentException("position starts at 1");
        }
        if (!staffing.anyoneOnDuty()) {
            return Optional.empty();
        }
        int needingFreedSlot = position - staffing.freeChatSlots();
        if (needingFreedSlot <= 0) {
            return Optional.of(pickUpTime);
        }
        long slots = staffing.chatSlots();
        long seconds = (needingFreedSlot * averageChat.toSeconds() + slots - 1) / slots;
        return Optional.of(pickUpTime.plusSeconds(seconds));
    }

    /**
     * The average chat duration to feed into {@link #estimate}: the mean of the office hour's recent CHAT_SECONDS
     * facts when there are at least {@value #MIN_CHAT_SAMPLES}, otherwise its {@code average_chat_minutes} seed
     * (default 15). The mean, not the median, because the wait depends on throughput, and a few long chats take
     * as much of a professional's time as many short ones. Never below {@link #MIN_AVERAGE_CHAT}.
     *
     * @param recentFacts facts of this office hour (e.g. the last {@value #RECENT_DAYS} days); other kinds are
     *                    ignored
     */
    public static Duration averageChatDuration(OfficeHour officeHour, Collection<StatisticsLog.Row> recentFacts) {
        long count = 0;
        long total = 0;
        for (StatisticsLog.Row row : recentFacts) {
            if (row.fact() == StatisticsLog.Fact.CHAT_SECONDS) {
                count++;
                total += Math.max(0, row.value());
            }
        }
        Duration average;
        if (count >= MIN_CHAT_SAMPLES) {
            average = Duration.ofSeconds((total + count / 2) / count);
        } else {
            int seed = officeHour.getAverageChatMinutes();
            average = Duration.ofMinutes(seed > 0 ? seed : DEFAULT_AVERAGE_CHAT_MINUTES);
        }
        return average.compareTo(MIN_AVERAGE_CHAT) < 0 ? MIN_AVERAGE_CHAT : average;
    }
}
