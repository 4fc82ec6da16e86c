package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.DailyStatistics;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.schedule.OfficeHourZone;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.store.StatisticsLog.Row;
import org.junit.jupiter.api.Test;

class DailyStatisticsCalculatorTest {

    private static final LocalDate JUNE_1 = LocalDate.of(2026, 6, 1);
    private static final LocalDate JUNE_2 = LocalDate.of(2026, 6, 2);
    private static final LocalDate JUNE_3 = LocalDate.of(2026, 6, 3);

    private final List<Row> rows = new ArrayList<>();

    private void add(LocalDate day, Fact fact, int times) {
        for (int i = 0; i < times; i++) {
            rows.add(new Row("oh-1", day, fact, 0));
        }
    }

    private void values(LocalDate day, Fact fact, long... values) {
        for (long v : values) {
            rows.add(new Row("oh-1", day, fact, v));
        }
    }

    @Test
    void aScriptedDay() {
        add(JUNE_1, Fact.JOINED, 7);
        add(JUNE_1, Fact.SERVED, 5);
        add(JUNE_1, Fact.ABANDONED, 1);
        add(JUNE_1, Fact.REFUSED, 2);
        add(JUNE_1, Fact.OFFLINE_MESSAGE, 1);
        add(JUNE_1, Fact.TRANSFER, 1);
        add(JUNE_1, Fact.QUICK_EXIT, 1);
        // Waits sorted: 30, 45, 120, 300, 600 (n = 5).
        // p50: rank ceil(0.5 x 5) = 3 -> 120; p90: rank ceil(0.9 x 5) = 5 -> 600.
        values(JUNE_1, Fact.WAIT_SECONDS, 300, 30, 120, 600, 45);
        // Chats sorted: 300, 600, 660, 720, 900, 1200, 1500, 1800, 2400, 3600 (n = 10).
        // p50: rank 5 -> 900; p90: rank 9 -> 2400.
        values(JUNE_1, Fact.CHAT_SECONDS, 1200, 600, 1800, 900, 300, 2400, 1500, 660, 720, 3600);
        // June 3: one client, waited 42 s: p50 = p90 = 42.
        add(JUNE_3, Fact.JOINED, 1);
        add(JUNE_3, Fact.VIDEO_ESCALATION, 2);
        values(JUNE_3, Fact.WAIT_SECONDS, 42);
        // Outside the range: ignored.
        add(LocalDate.of(2026, 5, 31), Fact.JOINED, 3);
        add(LocalDate.of(2026, 6, 4), Fact.JOINED, 3);

        List<DailyStatistics> days = DailyStatisticsCalculator.calculate(JUNE_1, JUNE_3, rows);

        assertThat(days).containsExactly(
                DailyStatistics.newBuilder().setDate("2026-06-01")
                        .setClientsJoined(7).setClientsServed(5).setAbandonedWhileWaiting(1)
                        .setRefusedAtAdmission(2).setOfflineMessages(1).setTransfers(1).setQuickExits(1)
                        .setWaitP50Seconds(120).setWaitP90Seconds(600)
                        .setChatDurationP50Seconds(900).setChatDurationP90Seconds(2400)
                        .build(),
                DailyStatistics.newBuilder().setDate("2026-06-02").build(),
                DailyStatistics.newBuilder().setDate("2026-06-03")
                        .setClientsJoined(1).setVideoEscalations(2)
                        .setWaitP50Seconds(42).setWaitP90Seconds(42)
                        .build());
    }

    @Test
    void everyDayIsPresentEvenWithoutData() {
        List<DailyStatistics> days = DailyStatisticsCalculator.calculate(JUNE_1, JUNE_1.plusDays(30), List.of());
        assertThat(days).hasSize(31);
        assertThat(days.get(0).getDate()).isEqualTo("2026-06-01");
        assertThat(days.get(30).getDate()).isEqualTo("2026-07-01");
        assertThat(days).allSatisfy(d -> assertThat(d.toBuilder().clearDate().build())
                .isEqualTo(DailyStatistics.getDefaultInstance()));
    }

    @Test
    void rangeLimits() {
        assertThat(DailyStatisticsCalculator.calculate(JUNE_2, JUNE_2, List.of())).hasSize(1);
        assertThatThrownBy(() -> DailyStatisticsCalculator.calculate(JUNE_2, JUNE_1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DailyStatisticsCalculator.calculate(JUNE_1, JUNE_1.plusDays(365), List.of())).hasSize(366);
        assertThatThrownBy(() -> DailyStatisticsCalculator.calculate(JUNE_1, JUNE_1.plusDays(366), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nearestRankPercentiles() {
        assertThat(Percentiles.nearestRank(new long[0], 50)).isZero();
        assertThat(Percentiles.nearestRank(new long[] {7}, 50)).isEqualTo(7);
        assertThat(Percentiles.nearestRank(new long[] {7}, 90)).isEqualTo(7);
        // n = 2: p50 rank ceil(1.0) = 1 -> 10; p90 rank ceil(1.8) = 2 -> 20.
        assertThat(Percentiles.nearestRank(new long[] {10, 20}, 50)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(new long[] {10, 20}, 90)).isEqualTo(20);
        // n = 20 (1..20): p90 rank 18 -> 18; p50 rank 10 -> 10; p1 rank ceil(0.2) = 1 -> 1.
        long[] oneToTwenty = new long[20];
        for (int i = 0; i < 20; i++) {
            oneToTwenty[i] = i + 1;
        }
        assertThat(Percentiles.nearestRank(oneToTwenty, 90)).isEqualTo(18);
        assertThat(Percentiles.nearestRank(oneToTwenty, 50)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(oneToTwenty, 1)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(oneToTwenty, 100)).isEqualTo(20);
    }

    @Test
    void factsAreDatedInTheOfficeHoursZone() {
        Instant lateEvening = Instant.parse("2026-06-01T22:30:00Z"); // 00:30 on 2 June in Amsterdam
        assertThat(OfficeHourZone.localDate(OfficeHour.getDefaultInstance(), lateEvening)).isEqualTo(JUNE_2);
        assertThat(OfficeHourZone.localDate(OfficeHour.newBuilder().setTimeZone("UTC").build(), lateEvening))
                .isEqualTo(JUNE_1);
        assertThat(OfficeHourZone.localDate(OfficeHour.newBuilder().setTimeZone("America/New_York").build(),
                lateEvening)).isEqualTo(JUNE_1);
    }
}
