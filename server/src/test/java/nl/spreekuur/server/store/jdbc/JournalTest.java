package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        Journal journal = Journal.open(dir, 1 << 20, Duration.ofHours(1));
        journal.write(List.of(event(1), event(2)));
        journal.write(List.of(receipt, session));
        journal.close();

        List<JournalRecord> read = Journal.readAll(dir);
        assertThat(read).hasSize(4);
        assertThat(read.get(0)).usingRecursiveComparison().isEqualTo(event(1));
        assertThat(read.get(1)).usingRecursiveComparison().isEqualTo(event(2));
        assertThat(read.get(2)).isEqualTo(receipt);
        assertThat(read.get(3)).isEqualTo(session);
    }

    @Test
    void positionsGrowAndAnAwaitedPositionIsDurable() {
        Journal journal = Journal.open(dir, 1 << 20, Duration.ofHours(1));
        long first = journal.append(List.of(event(1)));
        long second = journal.append(List.of(event(2), event(3)));
        assertThat(second).isGreaterThan(first).isPositive();
        journal.awaitDurable(second);
        journal.awaitDurable(first); // already covered: returns without another fsync
        journal.close();
        assertThat(Journal.readAll(dir)).hasSize(3);
    }

    /** A crash in the middle of an append leaves a torn last frame: everything before it is read, it is not. */
    @Test
    void aTornOrCorruptTailIsIgnored() throws IOException {
        Journal journal = Journal.open(dir, 1 << 20, Duration.ofHours(1));
        journal.write(List.of(event(1), event(2)));
        journal.close();
        Path segment = segments().get(0);
        long size = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        assertThat(Journal.readAll(dir)).hasSize(2);

        byte[] bytes = Files.readAllBytes(segment);
        bytes[(int) size - 1] ^= 0x55; // flip a bit in the second record: its checksum no longer matches
        Files.write(segment, bytes);
        assertThat(Journal.readAll(dir)).hasSize(1);
    }

    @Test
    void aCheckpointSyncsTheDatabaseAndDropsSegmentsClosedByThePreviousOne() throws IOException {
        AtomicInteger checkpoints = new AtomicInteger();
        Journal journal = Journal.open(dir, 1, Duration.ofHours(1));
        journal.write(List.of(event(1)));
        assertThat(journal.checkpointDue()).isTrue();

        journal.checkpoint(checkpoints::incrementAndGet);
        journal.write(List.of(event(2)));
        assertThat(checkpoints).hasValue(1);
        assertThat(segments()).as("a closed segment is kept until the next checkpoint").hasSize(2);

        journal.checkpoint(checkpoints::incrementAndGet);
        journal.write(List.of(event(3)));
        assertThat(checkpoints).hasValue(2);
        assertThat(Journal.readAll(dir)).extracting(r -> ((JournalRecord.Event) r).seq()).containsExactly(2L, 3L);
        journal.close();
        // A new journal continues after the segments left behind.
        Journal next = Journal.open(dir, 1 << 20, Duration.ofHours(1));
        next.write(List.of(event(4)));
        next.close();
        assertThat(Journal.readAll(dir)).extracting(r -> ((JournalRecord.Event) r).seq()).containsExactly(2L, 3L, 4L);
        Journal.deleteAll(dir);
        assertThat(segments()).isEmpty();
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
