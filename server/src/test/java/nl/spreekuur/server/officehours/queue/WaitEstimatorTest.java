package nl.spreekuur.server.officehours.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import org.junit.jupiter.api.Test;

class WaitEstimatorTest {

    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);
    private final WaitEstimator estimator = new WaitEstimator(Duration.ofMinutes(1));

    @Test
    void nobodyOnDutyMeansUnknown() {
        assertThat(estimator.estimate(1, Staffing.NOBODY, FIFTEEN_MINUTES)).isEmpty();
        assertThat(estimator.estimate(1, Staffing.uniform(3, List.of()), FIFTEEN_MINUTES)).isEmpty();
    }

    @Test
    void clientsUpToTheFreeCapacityOnlyWaitForThePickUp() {
        Staffing oneIdle = Staffing.uniform(3, List.of(0)); // 3 free slots
        assertThat(estimator.estimate(1, oneIdle, FIFTEEN_MINUTES)).contains(Duration.ofMinutes(1));
        assertThat(estimator.estimate(3, oneIdle, FIFTEEN_MINUTES)).contains(Duration.ofMinutes(1));
    }

    @Test
    void behindTheFreeCapacityEachSlotFreesEveryAverageOverSlots() {
        Staffing oneBusy = Staffing.uniform(3, List.of(3)); // 3 slots, 0 free: a slot frees every 15/3 = 5 min
        // position 1: 1 min + 1 x 5 min = 6 min
        assertThat(estimator.estimate(1, oneBusy, FIFTEEN_MINUTES)).contains(Duration.ofMinutes(6));
        // position 4: 1 min + 4 x 5 min = 21 min
        assertThat(estimator.estimate(4, oneBusy, FIFTEEN_MINUTES)).contains(Duration.ofMinutes(21));

        Staffing oneIdle = Staffing.uniform(3, List.of(0));
        // position 4 with 3 free: 1 client needs a freed slot: 1 min + 1 x 5 min = 6 min
        assertThat(estimator.estimate(4, oneIdle, FIFTEEN_MINUTES)).contains(Duration.ofMinutes(6));
    }

    @Test
    void severalProfessionalsShareTheWork() {
        Staffing two = Staffing.uniform(3, List.of(3, 2)); // 6 slots, 1 free: a slot frees every 15/6 = 2.5 min
        assertThat(estimator.estimate(1, two, FIFTEEN_MINUTES)).contains(Duration.ofMinutes(1));
        // position 3: 2 need a freed slot: 1 min + 2 x 2.5 min = 6 min
        assertThat(estimator.estimate(3, two, FIFTEEN_MINUTES)).contains(Duration.ofMinutes(6));
    }

    @Test
    void roundsUpToWholeSeconds() {
        Staffing seven = Staffing.of(List.of(new Staffing.Load(4, 4), new Staffing.Load(3, 3)));
        // 1 x 600 s / 7 slots = 85.71 s -> 86 s, plus 60 s pick-up = 146 s
        assertThat(estimator.estimate(1, seven, Duration.ofMinutes(10))).contains(Duration.ofSeconds(146));
    }

    @Test
    void pickUpTimeIsConfigurable() {
        WaitEstimator instant = new WaitEstimator(Duration.ZERO);
        assertThat(instant.estimate(1, Staffing.uniform(3, List.of(0)), FIFTEEN_MINUTES)).contains(Duration.ZERO);
        assertThat(instant.estimate(2, Staffing.uniform(2, List.of(2)), FIFTEEN_MINUTES))
                .contains(Duration.ofMinutes(15)); // 2 x 15 / 2
    }

    @Test
    void positionStartsAtOne() {
        assertThatThrownBy(() -> estimator.estimate(0, Staffing.uniform(3, List.of(0)), FIFTEEN_MINUTES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staffingCountsFreeSlotsPerProfessional() {
        // Someone holding more chats than this office hour's maximum (from another office hour) frees nothing.
        Staffing staffing = Staffing.uniform(3, List.of(3, 5, 0));
        assertThat(staffing).isEqualTo(new Staffing(3, 9, 3));
        assertThat(Staffing.of(List.of())).isEqualTo(Staffing.NOBODY);
        assertThatThrownBy(() -> new Staffing(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Staffing.Load(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void averageChatDurationUsesTheSeedUntilThereAreFiveChats() {
        OfficeHour seeded = OfficeHour.newBuilder().setAverageChatMinutes(20).build();
        List<StatisticsLog.Row> rows = new ArrayList<>(List.of(
                row(Fact.CHAT_SECONDS, 300), row(Fact.CHAT_SECONDS, 600), row(Fact.CHAT_SECONDS, 900),
                row(Fact.CHAT_SECONDS, 1200), row(Fact.WAIT_SECONDS, 5000), row(Fact.SERVED, 0)));
        assertThat(WaitEstimator.averageChatDuration(seeded, rows)).isEqualTo(Duration.ofMinutes(20));

        rows.add(row(Fact.CHAT_SECONDS, 1500));
        // (300 + 600 + 900 + 1200 + 1500) / 5 = 900 s; WAIT_SECONDS and SERVED are ignored
        assertThat(WaitEstimator.averageChatDuration(seeded, rows)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void averageChatDurationDefaultsAndFloor() {
        assertThat(WaitEstimator.averageChatDuration(OfficeHour.getDefaultInstance(), List.of()))
                .isEqualTo(Duration.ofMinutes(15));
        List<StatisticsLog.Row> quickExits = List.of(row(Fact.CHAT_SECONDS, 5), row(Fact.CHAT_SECONDS, 10),
                row(Fact.CHAT_SECONDS, 5), row(Fact.CHAT_SECONDS, 20), row(Fact.CHAT_SECONDS, 8));
        assertThat(WaitEstimator.averageChatDuration(OfficeHour.getDefaultInstance(), quickExits))
                .isEqualTo(Duration.ofMinutes(1));
    }

    private static StatisticsLog.Row row(Fact fact, long value) {
        return new StatisticsLog.Row("oh-1", LocalDate.of(2026, 6, 1), fact, value);
    }
}
