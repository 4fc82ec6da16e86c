package nl.spreekuur.server.officehours;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import nl.spreekuur.protocol.v1.DailyStatistics;
import nl.spreekuur.server.schedule.OfficeHourZone;
import nl.spreekuur.server.store.StatisticsLog;

/**
 * Turns anonymous statistics facts into one {@link DailyStatistics} per day of a range.
 *
 * <p>Every day from {@code from} to {@code to} (inclusive) is present, with zeros where nothing happened, so charts
 * need no gap filling. Count facts (JOINED, SERVED, ...) count rows; WAIT_SECONDS and CHAT_SECONDS give p50 and
 * p90 by the nearest-rank method (see {@link Percentiles}), 0 on a day without values. Facts are counted on the
 * day they were recorded (the office hour's local date at that moment, see {@link OfficeHourZone#localDate}); a
 * chat that starts before midnight and ends after it counts on the day it ended.
 */
final class DailyStatisticsCalculator {

    /** Longest range one request may ask for. */
    static final int MAX_DAYS = 366;

    private DailyStatisticsCalculator() {
    }

    /**
     * @param rows facts of one office hour; rows outside the range are ignored
     * @throws IllegalArgumentException if {@code to} is before {@code from} or the range exceeds {@value #MAX_DAYS}
     *                                  days
     */
    static List<DailyStatistics> calculate(LocalDate from, LocalDate to, Collection<StatisticsLog.Row> rows) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range must not end before it starts");
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException("the range must not exceed " + MAX_DAYS + " days");
        }
        DayAccumulator[] accumulators = new DayAccumulator[(int) days];
        for (int i = 0; i < days; i++) {
            accumulators[i] = new DayAccumulator();
        }
        for (StatisticsLog.Row row : rows) {
            if (row.day().isBefore(from) || row.day().isAfter(to)) {
                continue;
            }
            accumulators[(int) ChronoUnit.DAYS.between(from, row.day())].add(row);
        }
        List<DailyStatistics> result = new ArrayList<>((int) days);
        for (int i = 0; i < days; i++) {
            result.add(accumulators[i].toProto(from.plusDays(i)));
        }
        return result;
    }

    private static final class DayAccumulator {
        private final DailyStatistics.Builder counts = DailyStatistics.newBuilder();
        private final LongList waits = new LongList();
        private final LongList chats = new LongList();

        void add(StatisticsLog.Row row) {
            switch (row.fact()) {
                case JOINED -> counts.setClientsJoined(counts.getClientsJoined() + 1);
                case SERVED -> counts.setClientsServed(counts.getClientsServed() + 1);
                case ABANDONED -> counts.setAbandonedWhileWaiting(counts.getAbandonedWhileWaiting() + 1);
                case REFUSED -> counts.setRefusedAtAdmission(counts.getRefusedAtAdmission() + 1);
                case OFFLINE_MESSAGE -> counts.setOfflineMessages(counts.getOfflineMessages() + 1);
                case TRANSFER -> counts.setTransfers(counts.getTransfers() + 1);
                case QUICK_EXIT -> counts.setQuickExits(counts.getQuickExits() + 1);
                case VIDEO_ESCALATION -> counts.setVideoEscalations(counts.getVideoEscalations() + 1);
                case WAIT_SECONDS -> waits.add(row.value());
                case CHAT_SECONDS -> chats.add(row.value());
            }
        }

        DailyStatistics toProto(LocalDate day) {
            long[] w = waits.sorted();
            long[] c = chats.sorted();
            return counts.setDate(day.toString())
                    .setWaitP50Seconds(Percentiles.nearestRank(w, 50))
                    .setWaitP90Seconds(Percentiles.nearestRank(w, 90))
                    .setChatDurationP50Seconds(Percentiles.nearestRank(c, 50))
                    .setChatDurationP90Seconds(Percentiles.nearestRank(c, 90))
                    .build();
        }
    }

    private static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
