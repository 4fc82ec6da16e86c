package nl.spreekuur.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotCodecTest {
    @Test
    void aSnapshotSurvivesTheTripThroughJson() {
        Stats stats = new Stats();
        stats.count(Stats.ACKED);
        stats.add(Stats.SENT, 3);
        stats.error("RATE_LIMITED");
        stats.record(Snapshot.ACK, 1500);
        stats.record(Snapshot.ACK, 2500);

        Snapshot decoded = SnapshotCodec.decode(SnapshotCodec.encode(stats.snapshot()));

        assertThat(decoded.counter(Stats.ACKED)).isEqualTo(1);
        assertThat(decoded.counter(Stats.SENT)).isEqualTo(3);
        assertThat(decoded.errors()).containsEntry("RATE_LIMITED", 1L);
        assertThat(decoded.intervals().get(Snapshot.ACK).getTotalCount()).isEqualTo(2);
        assertThat(decoded.intervals().get(Snapshot.ACK).getMaxValue()).isBetween(2490L, 2510L);
    }

    @Test
    void histogramsAreIntervals() {
        Stats stats = new Stats();
        stats.record(Snapshot.DELIVERY, 10);
        stats.snapshot();

        assertThat(stats.snapshot().intervals().get(Snapshot.DELIVERY).getTotalCount()).isZero();
    }
}
