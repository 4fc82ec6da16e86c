package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.ToIntFunction;
import java.util.stream.LongStream;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.TestClock;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's write buffer and page size ({@link H2Tuning}) are set on the pinned H2 version, when the
 * store opens and again on the database a compaction reopens; the buffer follows the heap. H2's background
 * housekeeping is off ({@code AUTO_COMPACT_FILL_RATE=0} in the store's URL).
 */
class H2TuningTest {
    /** H2's own buffer: autoCommitBufferSize 1024 KiB × 19. */
    private static final int H2_DEFAULT = 1024 * 1024 * 19;

    @TempDir
    Path root;

    private final TestClock clock = new TestClock();

    @Test
    void theEmbeddedStoreWritesChunksFromAWiderBufferAndSmallerPagesAlsoAfterACompaction() throws SQLException {
        Path dataDir = root.resolve("data");
        StoreSettings settings = StoreSettings.embedded(dataDir)
                .encryptedWith(StoreKey.loadOrCreate(root.resolve("data.key"), dataDir));
        int expected = H2Tuning.bufferBytesForHeap(Runtime.getRuntime().maxMemory());
        assertThat(expected).as("this JVM's heap is large enough for the test").isGreaterThan(H2_DEFAULT);

        try (JdbcStore store = JdbcStore.open(settings, clock)) {
            assertThat(autoCommitMemory(settings)).isEqualTo(expected);
            assertThat(pageSplitBytes(settings)).isEqualTo(H2Tuning.PAGE_SPLIT_BYTES);
            assertThat(mvStore(settings, H2TuningTest::autoCompactFillRate))
                    .as("H2's background housekeeping is off: the server compacts the file itself")
                    .isZero();

            Organisation org = store.organisations().create("vol", "Welzijn");
            String conversation = store.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null,
                    clock.instant()).id();
            store.conversations().append(conversation, text("m1"), clock.instant());
            assertThat(store.compact()).isTrue();

            assertThat(autoCommitMemory(settings)).as("the rebuilt database's store").isEqualTo(expected);
            assertThat(pageSplitBytes(settings)).as("the rebuilt database's store").isEqualTo(H2Tuning.PAGE_SPLIT_BYTES);
            assertThat(mvStore(settings, H2TuningTest::autoCompactFillRate)).as("the rebuilt database's store")
                    .isZero();
            for (int i = 2; i <= 102; i++) {
                store.conversations().append(conversation, text("m" + i), clock.instant());
            }
            assertThat(store.conversations().eventsAfter(conversation, 0, 200))
                    .as("split into small pages, read back in order")
                    .extracting(ConversationEvent::getSeq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 102).boxed().toList());
        }
    }

    @Test
    void theBufferIsAQuarterOfTheHeapAndAtMost48MiB() {
        assertThat(H2Tuning.bufferBytesForHeap(128L * 1024 * 1024)).isEqualTo(32 * 1024 * 1024);
        assertThat(H2Tuning.bufferBytesForHeap(512L * 1024 * 1024)).isEqualTo(48 * 1024 * 1024);
        assertThat(H2Tuning.bufferBytesForHeap(8L * 1024 * 1024 * 1024)).isEqualTo(H2Tuning.MAX_BUFFER_BYTES);
    }

    private static int autoCommitMemory(StoreSettings settings) throws SQLException {
        return mvStore(settings, MVStore::getAutoCommitMemory);
    }

    private static int pageSplitBytes(StoreSettings settings) throws SQLException {
        return mvStore(settings, store -> (int) store.getMaxPageSize());
    }

    private static int autoCompactFillRate(MVStore store) {
        try {
            Method getter = FileStore.class.getDeclaredMethod("getAutoCompactFillRate");
            getter.setAccessible(true);
            return (int) getter.invoke(store.getFileStore());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("H2 renamed its fill rate setting; check docs/architecture.md", e);
        }
    }

    /** Read on a connection of its own: every connection to the file shares the one database and its MVStore. */
    private static int mvStore(StoreSettings settings, ToIntFunction<MVStore> property) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.jdbcPassword())) {
            return property.applyAsInt(H2Sync.mvStore(connection));
        }
    }

    private static ConversationEvent text(String clientMsgId) {
        return ConversationEvent.newBuilder().setSenderId("client").setSenderRole(ParticipantRole.CLIENT)
                .setSenderName("Sam").setClientMsgId(clientMsgId).setText(TextMessage.newBuilder().setText("hallo"))
                .build();
    }
}
