package nl.spreekuur.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compaction runs after a retention round that deleted content, at most once per interval, and a purge within
 * the interval is compacted once it has passed. Seen on a real embedded store: a compaction replaces its file (a
 * new inode).
 */
class CompactionScheduleTest {
    private static final Duration INTERVAL = Duration.ofMinutes(60);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();

    @Test
    void compactsAfterAPurgeAtMostOncePerIntervalAndCatchesUpOnAPurgeInBetween() throws IOException {
        try (Store store = StoreOpener.open(StoreSettings.embedded(dir), clock)) {
            CompactionSchedule schedule = new CompactionSchedule(store, clock, true, INTERVAL);
            Path file = databaseFile();

            schedule.afterRetention(0);
            assertThat(replaced(file)).as("nothing purged, nothing compacted").isFalse();

            schedule.afterRetention(3);
            assertThat(replaced(file)).as("compacted after a purge").isTrue();
            file = databaseFile();

            clock.advance(Duration.ofMinutes(10));
            schedule.afterRetention(1);
            assertThat(replaced(file)).as("within the interval").isFalse();

            clock.advance(Duration.ofMinutes(50));
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("the purge within the interval, once it passed").isTrue();
            file = databaseFile();

            clock.advance(Duration.ofHours(2));
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("nothing purged since").isFalse();
        }
    }

    @Test
    void aPrivacyDeletionIsCompactedAtTheNextRound() throws IOException {
        try (Store store = StoreOpener.open(StoreSettings.embedded(dir), clock)) {
            CompactionSchedule schedule = new CompactionSchedule(store, clock, true, INTERVAL);
            Path file = databaseFile();
            schedule.contentDeleted();
            schedule.afterRetention(0);
            assertThat(replaced(file)).isTrue();
        }
    }

    @Test
    void neverCompactsWhenSwitchedOff() throws IOException {
        try (Store store = StoreOpener.open(StoreSettings.embedded(dir), clock)) {
            CompactionSchedule schedule = new CompactionSchedule(store, clock, false, INTERVAL);
            Path file = databaseFile();
            schedule.afterRetention(5);
            clock.advance(Duration.ofDays(1));
            schedule.afterRetention(5);
            assertThat(replaced(file)).isFalse();
        }
    }

    @Test
    void anInMemoryStoreHasNothingToCompact() {
        try (Store store = StoreOpener.open(StoreSettings.inMemory("compaction-" + System.nanoTime()), clock)) {
            assertThat(store.compact()).isFalse();
        }
    }

    private int marks;

    /**
     * A hard link to the database file as it is now: a compaction replaces the file, so the name then leads
     * elsewhere (the link keeps the old inode alive, so the new file cannot get its number).
     */
    private Path databaseFile() throws IOException {
        Path link = dir.resolve("seen-" + ++marks);
        Files.createLink(link, dir.resolve("spreekuur.mv.db"));
        return link;
    }

    private boolean replaced(Path mark) throws IOException {
        return !Files.isSameFile(mark, dir.resolve("spreekuur.mv.db"));
    }
}
