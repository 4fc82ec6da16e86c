package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.TextMessage;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.StoreException;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data at rest: with a store key, no message text or nickname is readable in any file of the data directory —
 * not in H2's file, not in the journal while the server runs, not in a rebuild — and a database written before
 * encryption was switched on is encrypted on the next start.
 */
class EncryptionAtRestTest {
    private static final String MARKER = "geheimbericht7731";
    private static final String NICKNAME = "SanneBijnaam42";

    @TempDir
    Path root;

    private final Clock clock = Clock.systemUTC();

    private Path dataDir() {
        return root.resolve("data");
    }

    private StoreSettings encrypted() {
        return StoreSettings.embedded(dataDir()).encryptedWith(StoreKey.loadOrCreate(root.resolve("data.key"),
                dataDir()));
    }

    @Test
    void noContentIsInTheClearInAnyFileWhileTheStoreRunsNorAfterItClosed() throws IOException {
        StoreSettings settings = encrypted();
        String conversation;
        try (JdbcStore store = JdbcStore.open(settings, clock)) {
            conversation = writeMarkedConversation(store);
            // the journal has the records now (acknowledged = on disk), before any checkpoint
            assertThat(journalSegments(settings)).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(JournalSeal.SEALED_SUFFIX));
            assertThat(filesContaining(MARKER)).isEmpty();
            assertThat(filesContaining(NICKNAME)).isEmpty();
        }
        assertThat(filesContaining(MARKER)).isEmpty();
        assertThat(filesContaining(NICKNAME)).isEmpty();
        assertThat(H2Rebuild.encryptedFile(Path.of(JdbcStore.h2FileBase(settings) + ".mv.db"))).isTrue();

        try (JdbcStore store = JdbcStore.open(settings, clock)) {
            assertThat(store.conversations().eventsAfter(conversation, 0, 10))
                    .extracting(e -> e.getText().getText()).containsExactly(MARKER + " 1", MARKER + " 2");
        }
    }

    @Test
    void aCrashedEncryptedStoreIsRebuiltAndReplayedWithoutContentInTheClear() throws Exception {
        StoreSettings settings = encrypted();
        JdbcStore crashing = JdbcStore.open(settings, clock);
        String conversation = writeMarkedConversation(crashing);
        try (Connection raw = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.jdbcPassword());
             Statement statement = raw.createStatement()) {
            statement.execute("SHUTDOWN IMMEDIATELY");
        }
        crashing.close();

        try (JdbcStore reopened = JdbcStore.open(settings, clock)) {
            assertThat(reopened.generation()).as("the unclean close was seen").isEqualTo(1);
            assertThat(reopened.conversations().eventsAfter(conversation, 0, 10)).hasSize(2);
        }
        assertThat(Path.of(JdbcStore.h2FileBase(settings) + ".rebuild.aes")).doesNotExist();
        assertThat(filesContaining(MARKER)).isEmpty();
    }

    @Test
    void aDatabaseWrittenWithoutAKeyIsEncryptedOnTheFirstStartWithOne() throws IOException {
        StoreSettings clear = StoreSettings.embedded(dataDir());
        String conversation;
        try (JdbcStore store = JdbcStore.open(clear, clock)) {
            conversation = writeMarkedConversation(store);
            assertThat(filesContaining(MARKER)).as("an unencrypted journal holds the text (the scan finds it)")
                    .isNotEmpty();
        }
        assertThat(H2Rebuild.encryptedFile(Path.of(JdbcStore.h2FileBase(clear) + ".mv.db"))).isFalse();

        StoreSettings settings = encrypted();
        try (JdbcStore store = JdbcStore.open(settings, clock)) {
            assertThat(store.conversations().eventsAfter(conversation, 0, 10)).hasSize(2);
        }
        assertThat(H2Rebuild.encryptedFile(Path.of(JdbcStore.h2FileBase(settings) + ".mv.db"))).isTrue();
        assertThat(filesContaining(MARKER)).isEmpty();
        assertThat(filesContaining(NICKNAME)).isEmpty();
    }

    @Test
    void anEncryptedDatabaseIsRefusedWithoutItsKeyOrWithAnotherKey() {
        StoreSettings settings = encrypted();
        JdbcStore.open(settings, clock).close();

        assertThatThrownBy(() -> JdbcStore.open(StoreSettings.embedded(dataDir()), clock))
                .isInstanceOf(StoreException.class).hasMessageContaining("store.key-file");
        String otherKey = StoreKey.loadOrCreate(root.resolve("other.key"), dataDir());
        assertThatThrownBy(() -> JdbcStore.open(StoreSettings.embedded(dataDir()).encryptedWith(otherKey), clock))
                .isInstanceOf(StoreException.class);
        // the database is unharmed by the refused attempts
        JdbcStore.open(settings, clock).close();
    }

    private static String writeMarkedConversation(JdbcStore store) {
        Organisation org = store.organisations().create("enc-" + System.nanoTime(), "Welzijn");
        String id = store.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null,
                Clock.systemUTC().instant()).id();
        store.conversations().join(id, "client-1", ParticipantRole.CLIENT, NICKNAME, Clock.systemUTC().instant());
        for (int i = 1; i <= 2; i++) {
            store.conversations().append(id, ConversationEvent.newBuilder().setSenderId("client-1")
                    .setSenderRole(ParticipantRole.CLIENT).setSenderName(NICKNAME).setClientMsgId("m" + i)
                    .setText(TextMessage.newBuilder().setText(MARKER + " " + i)).build(), Clock.systemUTC().instant());
        }
        return id;
    }

    private List<Path> journalSegments(StoreSettings settings) throws IOException {
        try (Stream<Path> files = Files.list(JdbcStore.journalDirectory(settings))) {
            return files.toList();
        }
    }

    /** Every file under the root (data dir, journal, exports, key) whose bytes contain {@code text}. */
    private List<Path> filesContaining(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                if (indexOf(Files.readAllBytes(p), needle) >= 0) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
