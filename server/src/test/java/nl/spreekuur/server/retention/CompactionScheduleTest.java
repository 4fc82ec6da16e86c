package nl.spreekuur.server.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.server.store.FileSpace;
import nl.spreekuur.server.store.Organisations.Organisation;
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
    private static final Duration QUIET = Duration.ofMinutes(15);

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
    void aFileOfMostlyDeadSpaceIsCompactedOnceNoMessageWasStoredForTheQuietTime() throws IOException {
        try (Store store = StoreOpener.open(StoreSettings.embedded(dir), clock)) {
            CompactionSchedule schedule = new CompactionSchedule(store, clock, false, INTERVAL,
                    new CompactionSchedule.DeadSpace(50, 0, QUIET));
            String conversation = mostlyDead(store, 50);
            Path file = databaseFile();

            schedule.afterRetention(0);
            clock.advance(QUIET.minusMinutes(1));
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("quiet for less than the quiet time").isFalse();
            store.conversations().append(conversation, text("busy"), clock.instant());
            clock.advance(Duration.ofMinutes(5));
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("a message was stored since").isFalse();
            clock.advance(QUIET.minusMinutes(1));
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("the quiet time starts again at the last message seen").isFalse();

            long before = Files.size(dir.resolve("spreekuur.mv.db"));
            clock.advance(Duration.ofMinutes(1));
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("quiet for the quiet time").isTrue();
            FileSpace after = store.fileSpace().orElseThrow();
            assertThat(after.fileBytes()).isLessThan(before);
            assertThat(after.deadPercent()).isLessThan(50);
            assertThat(store.conversations().eventsAfter(conversation, 0, 10_000)).as("every event kept")
                    .hasSize(ROUNDS * 4 + 1);

            file = databaseFile();
            clock.advance(INTERVAL);
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("no longer mostly dead space").isFalse();
        }
    }

    @Test
    void deadSpaceInASmallFileOrWithinTheIntervalWaits() throws IOException {
        try (Store store = StoreOpener.open(StoreSettings.embedded(dir), clock)) {
            mostlyDead(store, 50);
            long size = store.fileSpace().orElseThrow().fileBytes();
            CompactionSchedule small = new CompactionSchedule(store, clock, false, INTERVAL,
                    new CompactionSchedule.DeadSpace(50, size + 1, QUIET));
            Path file = databaseFile();
            small.afterRetention(0);
            clock.advance(QUIET);
            small.afterRetention(0);
            assertThat(replaced(file)).as("smaller than the minimum").isFalse();

            CompactionSchedule schedule = new CompactionSchedule(store, clock, true, INTERVAL,
                    new CompactionSchedule.DeadSpace(50, 0, QUIET));
            schedule.afterRetention(1);
            assertThat(replaced(file)).as("compacted for the purge").isTrue();
            file = databaseFile();
            mostlyDead(store, 50);
            schedule.afterRetention(0);
            clock.advance(QUIET);
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("quiet and mostly dead, but within the interval").isFalse();
            clock.advance(INTERVAL);
            schedule.afterRetention(0);
            assertThat(replaced(file)).as("once the interval has passed").isTrue();
        }
    }

    @Test
    void deadSpaceSettingsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new CompactionSchedule.DeadSpace(100, 0, QUIET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompactionSchedule.DeadSpace(-1, 0, QUIET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompactionSchedule.DeadSpace(60, -1, QUIET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompactionSchedule.DeadSpace(60, 0, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInMemoryStoreHasNothingToCompact() {
        try (Store store = StoreOpener.open(StoreSettings.inMemory("compaction-" + System.nanoTime()), clock)) {
            assertThat(store.compact()).isFalse();
        }
    }

    private static final int ROUNDS = 120;

    /**
     * Makes most of the file dead space the way a busy store does: every durable write makes H2 write a chunk with
     * the pages changed since the last one, most of which the next chunk replaces. Returns one of the conversations.
     */
    private String mostlyDead(Store store, int percent) {
        Organisation org = store.organisations().create("vol" + System.nanoTime(), "Welzijn");
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            conversations.add(store.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null,
                    clock.instant()).id());
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (String conversation : conversations) {
                for (int i = 0; i < 4; i++) {
                    store.conversations().append(conversation, text(round + "-" + i), clock.instant());
                }
            }
            // a durable write outside the journal: H2 writes a chunk for it
            store.conversations().schedulePurge(conversations.get(0), clock.instant().plus(Duration.ofDays(30)));
        }
        assertThat(store.fileSpace().orElseThrow().deadPercent()).as("dead space made").isGreaterThanOrEqualTo(percent);
        return conversations.get(0);
    }

    private static ConversationEvent text(String clientMsgId) {
        return ConversationEvent.newBuilder().setSenderId("client").setSenderRole(ParticipantRole.CLIENT)
                .setSenderName("Sam").setClientMsgId(clientMsgId).setText(TextMessage.newBuilder().setText("hallo"))
                .build();
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
