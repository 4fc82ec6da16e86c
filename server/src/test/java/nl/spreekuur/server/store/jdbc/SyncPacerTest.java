package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SyncPacerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> parked = new ArrayList<>();

    private SyncPacer pacer(Duration gap) {
        return new SyncPacer(gap, now::get, nanos -> {
            parked.add(nanos);
            now.addAndGet(nanos);
        });
    }

    @Test
    void theFirstSyncStartsAtOnce() {
        SyncPacer pacer = pacer(Duration.ofMillis(1));
        pacer.beforeSync();
        assertThat(parked).isEmpty();
    }

    @Test
    void aSyncSoonAfterThePreviousWaitsForTheRestOfTheGap() {
        SyncPacer pacer = pacer(Duration.ofMillis(1));
        pacer.beforeSync();
        pacer.afterSync();
        now.addAndGet(300_000);
        pacer.beforeSync();
        assertThat(parked).containsExactly(700_000L);
    }

    @Test
    void aSyncAfterAQuietSpellStartsAtOnce() {
        SyncPacer pacer = pacer(Duration.ofMillis(1));
        pacer.afterSync();
        now.addAndGet(2_000_000);
        pacer.beforeSync();
        now.addAndGet(1_000_000);
        pacer.beforeSync();
        assertThat(parked).isEmpty();
    }

    @Test
    void theGapCountsFromTheEndOfTheLastSyncNotItsStart() {
        SyncPacer pacer = pacer(Duration.ofMillis(1));
        pacer.beforeSync();
        now.addAndGet(5_000_000); // a slow sync
        pacer.afterSync();
        now.addAndGet(100_000);
        pacer.beforeSync();
        assertThat(parked).containsExactly(900_000L);
    }

    @Test
    void noGapNeverWaits() {
        SyncPacer pacer = pacer(Duration.ZERO);
        pacer.afterSync();
        pacer.beforeSync();
        assertThat(parked).isEmpty();
    }

    @Test
    void aNegativeGapIsRefused() {
        assertThatThrownBy(() -> pacer(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
