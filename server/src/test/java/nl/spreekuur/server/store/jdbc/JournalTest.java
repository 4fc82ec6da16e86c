package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import nl.spreekuur.protocol.v1.ReceiptKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private static JournalRecord event(long seq) {
        return new JournalRecord.Event("conv", seq, "sender", seq % 2 == 0 ? null : "m" + seq,
                Instant.ofEpochSecond(1_800_000_000L, 123_456_000), new byte[] {1, 2, (byte) seq});
    }

    @Test
    void recordsComeBackInOrderWithEveryField() {
        JournalRecord receipt = new JournalRecord.Receipt("conv", "principal", ReceiptKind.READ, 7);
        JournalRecord session = new JournalRecord.Session("s1", "hash", "ANONYMOUS_CLIENT", null, "org",
                Instant.ofEpochSecond(10), Instant.ofEpochSecond(20));
        Journal journal = Journal.open(dir, JournalSeal.clear(), 1 << 20, Duration.ofHours(1));
        journal.write(List.of(event(1), event(2)));
        journal.write(List.of(receipt, session));
        journal.close();

        List<JournalRecord> read = Journal.readAll(dir, JournalSeal.clear());
        assertThat(read).hasSize(4);
        assertThat(read.get(0)).usingRecursiveComparison().isEqualTo(event(1));
        assertThat(read.get(1)).usingRecursiveComparison().isEqualTo(event(2));
        assertThat(read.get(2)).isEqualTo(receipt);
        assertThat(read.get(3)).isEqualTo(session);
    }

    @Test
    void positionsGrowAndAnAwaitedPositionIsDurable() {
        Journal journal = Journal.open(dir, JournalSeal.clear(), 1 << 20, Duration.ofHours(1));
        long first = journal.append(List.of(event(1)));
        long second = journal.append(List.of(event(2), event(3)));
        assertThat(second).isGreaterThan(first).isPositive();
        journal.awaitDurable(second);
        journal.awaitDurable(first); // already covered: returns without another fsync
        journal.close();
        assertThat(Journal.readAll(dir, JournalSeal.clear())).hasSize(3);
    }

    /**
     * Under load a sync waits for the rest of the gap after the previous one, and every writer that appended
     * meanwhile is covered by that one sync. The pacer's wait here ends once all writers have appended, so the test
     * does not depend on timing.
     */
    @Test
    void writersThatAppendWhileASyncIsPacedShareOneSync() throws Exception {
        int writers = 5;
        CountDownLatch appended = new CountDownLatch(writers);
        List<Long> waits = new CopyOnWriteArrayList<>();
        SyncPacer pacer = new SyncPacer(Duration.ofSeconds(30), System::nanoTime, nanos -> {
            waits.add(nanos);
            try {
                appended.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Journal journal = Journal.open(dir, JournalSeal.clear(), 1 << 20, Duration.ofHours(1), pacer);
        journal.write(List.of(event(1)));
        assertThat(journal.syncs()).isEqualTo(1);
        assertThat(waits).as("the first sync does not wait").isEmpty();

        var pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            long seq = 2 + i;
            done.add(pool.submit(() -> {
                long position = journal.append(List.of(event(seq)));
                appended.countDown();
                journal.awaitDurable(position);
            }));
        }
        for (var future : done) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(journal.syncs()).as("one sync for all five writers").isEqualTo(2);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30).toNanos());
        journal.close();
        assertThat(Journal.readAll(dir, JournalSeal.clear())).hasSize(1 + writers);
    }

    /** A crash in the middle of an append leaves a torn last frame: everything before it is read, it is not. */
    @Test
    void aTornOrCorruptTailIsIgnored() throws IOException {
        Journal journal = Journal.open(dir, JournalSeal.clear(), 1 << 20, Duration.ofHours(1));
        journal.write(List.of(event(1), event(2)));
        journal.close();
        Path segment = segments().get(0);
        long size = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(Journal.readAll(dir, JournalSeal.clear())).hasSize(2);

        byte[] bytes = Files.readAllBytes(segment);
        bytes[(int) size - 1] ^= 0x55; // flip a bit in the second record: its checksum no longer matches
        Files.write(segment, bytes);
        assertThat(Journal.readAll(dir, JournalSeal.clear())).hasSize(1);
    }

    @Test
    void aCheckpointSyncsTheDatabaseAndDropsSegmentsClosedByThePreviousOne() throws IOException {
        AtomicInteger checkpoints = new AtomicInteger();
        Journal journal = Journal.open(dir, JournalSeal.clear(), 1, Duration.ofHours(1));
        journal.write(List.of(event(1)));
        assertThat(journal.checkpointDue()).isTrue();

        journal.checkpoint(checkpoints::incrementAndGet);
        journal.write(List.of(event(2)));
        assertThat(checkpoints).hasValue(1);
        assertThat(segments()).as("a closed segment is kept until the next checkpoint").hasSize(2);

        journal.checkpoint(checkpoints::incrementAndGet);
        journal.write(List.of(event(3)));
        assertThat(checkpoints).hasValue(2);
        assertThat(Journal.readAll(dir, JournalSeal.clear()))
                .extracting(r -> ((JournalRecord.Event) r).seq()).containsExactly(2L, 3L);
        journal.close();
        // A new journal continues after the segments left behind.
        Journal next = Journal.open(dir, JournalSeal.clear(), 1 << 20, Duration.ofHours(1));
        next.write(List.of(event(4)));
        next.close();
        assertThat(Journal.readAll(dir, JournalSeal.clear()))
                .extracting(r -> ((JournalRecord.Event) r).seq()).containsExactly(2L, 3L, 4L);
        Journal.deleteAll(dir);
        assertThat(segments()).isEmpty();
    }

    /**
     * A compaction replaces the database file with one that holds every commit: all closed segments go at once,
     * also the one an ordinary checkpoint would keep for another round; what is appended meanwhile stays; a failed
     * replacement leaves every segment for the next start.
     */
    @Test
    void aDatabaseReplacementDropsEveryClosedSegmentAtOnce() throws IOException {
        Journal journal = Journal.open(dir, JournalSeal.clear(), 1, Duration.ofHours(1));
        journal.write(List.of(event(1)));
        journal.checkpoint(() -> { });
        journal.write(List.of(event(2)));
        assertThat(segments()).hasSize(2);

        assertThatThrownBy(() -> journal.aroundReplacement(() -> {
            throw new IllegalStateException("rebuild failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Journal.readAll(dir, JournalSeal.clear())).as("all kept after a failed replacement").hasSize(2);

        // the failed attempt already moved appends to an empty segment 3: segments 1 and 2 go
        int deleted = journal.aroundReplacement(() -> journal.write(List.of(event(3))));
        assertThat(deleted).isEqualTo(2);
        assertThat(Journal.readAll(dir, JournalSeal.clear())).as("only what was appended during the replacement")
                .extracting(r -> ((JournalRecord.Event) r).seq()).containsExactly(3L);

        assertThat(journal.aroundReplacement(() -> { })).as("segment 3").isEqualTo(1);
        assertThat(segments()).as("the new, empty segment").hasSize(1);
        journal.close();
    }

    @Test
    void sealedRecordsHoldNoTextInTheClearAndNeedTheKeyToBeRead() throws IOException {
        String key = "0123456789abcdef".repeat(4);
        byte[] secret = "geheim bericht van Sanne".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JournalRecord event = new JournalRecord.Event("conv", 1, "sender", "m1", Instant.ofEpochSecond(5), secret);
        // a segment of the run before encryption was switched on, then sealed ones
        Journal before = Journal.open(dir, JournalSeal.clear(), 1 << 20, Duration.ofHours(1));
        before.write(List.of(event(7)));
        before.close();
        Journal journal = Journal.open(dir, JournalSeal.withStoreKey(key), 1 << 20, Duration.ofHours(1));
        journal.write(List.of(event, event(2)));
        journal.close();

        Path sealed = segments().get(1);
        assertThat(sealed.getFileName().toString()).endsWith(JournalSeal.SEALED_SUFFIX);
        assertThat(new String(Files.readAllBytes(sealed), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("geheim").doesNotContain("sender");
        List<JournalRecord> read = Journal.readAll(dir, JournalSeal.withStoreKey(key));
        assertThat(read).extracting(r -> ((JournalRecord.Event) r).seq()).containsExactly(7L, 1L, 2L);
        assertThat(((JournalRecord.Event) read.get(1)).payload()).isEqualTo(secret);

        assertThatThrownBy(() -> Journal.readAll(dir, JournalSeal.clear()))
                .isInstanceOf(nl.spreekuur.server.store.StoreException.class).hasMessageContaining("store.key-file");
        assertThatThrownBy(() -> Journal.readAll(dir, JournalSeal.withStoreKey("f".repeat(64))))
                .isInstanceOf(nl.spreekuur.server.store.StoreException.class);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
