package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import nl.spreekuur.server.store.StoreException;
import org.junit.jupiter.api.Test;

class GroupSyncTest {

    /** A fake disk: a sync makes durable exactly what was committed when it started. */
    private static final class Disk {
        final AtomicLong committed = new AtomicLong();
        final AtomicLong durable = new AtomicLong();
        final AtomicInteger syncs = new AtomicInteger();

        void sync() {
            long covered = committed.get();
            syncs.incrementAndGet();
            durable.accumulateAndGet(covered, Math::max);
        }
    }

    @Test
    void everyCallerReturnsOnlyOnceItsCommitIsDurable() throws Exception {
        Disk disk = new Disk();
        GroupSync sync = new GroupSync(disk::sync);
        int threads = 16;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int violations = 0;
                    for (int i = 0; i < perThread; i++) {
                        long mine = disk.committed.incrementAndGet();
                        sync.awaitDurable();
                        if (disk.durable.get() < mine) {
                            violations++;
                        }
                    }
                    return violations;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(1, TimeUnit.MINUTES)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sync.syncs()).isEqualTo(disk.syncs.get()).isPositive();
    }

    @Test
    void commitsArrivingDuringASyncShareTheNextOne() throws Exception {
        CountDownLatch firstSyncRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstSync = new CountDownLatch(1);
        AtomicInteger syncs = new AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            if (syncs.incrementAndGet() == 1) {
                firstSyncRunning.countDown();
                await(releaseFirstSync);
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<?> leader = pool.submit(sync::awaitDurable);
            assertThat(firstSyncRunning.await(1, TimeUnit.MINUTES)).isTrue();
            List<Future<?>> followers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                followers.add(pool.submit(sync::awaitDurable));
            }
            releaseFirstSync.countDown();
            leader.get(1, TimeUnit.MINUTES);
            for (Future<?> follower : followers) {
                follower.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        // The ten who came while the first sync ran were covered by at most ten more, usually one or two.
        assertThat(syncs.get()).isBetween(2, 11);
        assertThat(sync.syncs()).isEqualTo(syncs.get());
    }

    @Test
    void aFailedSyncIsAStoreFailureAndTheNextCallerTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = new GroupSync(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new SQLException("disk full", "HY000");
            }
        });
        assertThatThrownBy(sync::awaitDurable).isInstanceOf(StoreException.class).hasMessageContaining("HY000");
        sync.awaitDurable();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(sync.syncs()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
