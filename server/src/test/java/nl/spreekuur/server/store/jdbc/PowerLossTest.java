package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database comes back after a crash with everything {@link H2Sync} made durable: H2 with the server's
 * settings (encrypted, {@link H2Tuning}) writes on a simulated disk ({@link PowerCutPath}) while rows are inserted,
 * updated and deleted, and H2 reuses the space of old chunks (a retention time of 0.1 s and chunk writes every
 * 10 ms let it do so within the run, more often than the server's settings would). At random moments the test takes
 * two images: what a killed process leaves (every write) and what a power failure may leave (the last fsync plus any
 * later writes, whole, torn or lost). Every image must open, hold every row synced before it exactly as written, and
 * none that a synced delete removed.
 *
 * <p>Without the header write in {@link H2Sync} about half the killed-process images opened an older complete
 * version: rows synced before the kill were missing and deleted rows were back.
 */
class PowerLossTest {
    private static final int CONVERSATIONS = 50;
    private static final int SYNC_EVERY = 40;
    private static final int KEEP_ROWS = 3_000;
    private static final int CUTS = 40;
    private static final int REUSES = 30;
    private static final int MAX_ROWS = 200_000;

    @TempDir
    Path root;

    /** An image of the disk, with what the database had made durable when it was taken. */
    private record Image(Path file, long syncedUpTo, long syncedDeletedUpTo) {
    }

    @Test
    void aKilledOrPoweredOffDiskOpensWithEverySyncedRowAndNoSyncedDelete() throws SQLException {
        Path dir = root.resolve("live");
        String key = StoreKey.loadOrCreate(root.resolve("data.key"), dir);
        StoreSettings live = StoreSettings.embedded(dir).encryptedWith(key);
        String url = live.jdbcUrl().replace("jdbc:h2:file:", "jdbc:h2:" + PowerCutPath.prefix());
        Path file = Path.of(JdbcStore.h2FileBase(live) + ".mv.db");
        Random random = new Random(20261130L);
        List<Image> images = new ArrayList<>();
        int reuses;

        try (Connection connection = DriverManager.getConnection(url, live.user(), live.jdbcPassword())) {
            H2Tuning.apply(connection);
            createTables(connection);
            connection.setAutoCommit(false);
            long synced = 0;
            long deleted = 0;
            long nextImage = 100 + random.nextInt(300);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events VALUES (?, ?, ?)");
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE conversations SET last_event = ? WHERE id = ?");
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE id <= ?")) {
                for (long id = 1; id <= MAX_ROWS && (images.size() < 2 * CUTS || PowerCutPath.overwrites(file) < REUSES);
                     id++) {
                    insert.setLong(1, id);
                    insert.setInt(2, conversation(id));
                    insert.setString(3, body(id));
                    insert.executeUpdate();
                    update.setLong(1, id);
                    update.setInt(2, conversation(id));
                    update.executeUpdate();
                    connection.commit();
                    if (id % SYNC_EVERY == 0) {
                        long deleting = Math.max(0, id - KEEP_ROWS);
                        delete.setLong(1, deleting);
                        delete.executeUpdate();
                        connection.commit();
                        H2Sync.sync(connection);
                        synced = id;
                        deleted = deleting;
                    }
                    if (id == nextImage) {
                        Path killed = root.resolve("killed-" + images.size() + ".mv.db");
                        PowerCutPath.kill(file, killed);
                        images.add(new Image(killed, synced, deleted));
                        Path cut = root.resolve("cut-" + images.size() + ".mv.db");
                        PowerCutPath.cut(file, cut, random);
                        images.add(new Image(cut, synced, deleted));
                        nextImage = id + 50 + random.nextInt(400);
                    }
                }
            }
            reuses = PowerCutPath.overwrites(file);
        } finally {
            PowerCutPath.forget(file);
        }

        assertThat(reuses).as("writes into space H2 reused").isGreaterThanOrEqualTo(REUSES);
        assertThat(images).hasSizeGreaterThanOrEqualTo(2 * CUTS);
        for (Image image : images) {
            assertThatCode(() -> check(image, key)).as(image.file().getFileName().toString())
                    .doesNotThrowAnyException();
        }
    }

    private static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET RETENTION_TIME 100");
            statement.execute("SET WRITE_DELAY 10");
            statement.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, conversation INT NOT NULL,"
                    + " body VARCHAR(200) NOT NULL, CONSTRAINT events_body UNIQUE (conversation, body))");
            statement.execute("CREATE TABLE conversations (id INT PRIMARY KEY, last_event BIGINT NOT NULL)");
            for (int c = 0; c < CONVERSATIONS; c++) {
                statement.execute("INSERT INTO conversations VALUES (" + c + ", 0)");
            }
        }
    }

    private void check(Image image, String key) throws SQLException, IOException {
        Path dir = Files.createDirectories(root.resolve(image.file().getFileName() + ".d"));
        Files.copy(image.file(), dir.resolve("spreekuur.mv.db"));
        StoreSettings settings = StoreSettings.embedded(dir).encryptedWith(key);
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.jdbcPassword());
             Statement statement = connection.createStatement()) {
            long present = 0;
            try (ResultSet rows = statement.executeQuery("SELECT id, conversation, body FROM events ORDER BY id")) {
                while (rows.next()) {
                    long id = rows.getLong(1);
                    assertThat(id).as("deleted by a synced delete").isGreaterThan(image.syncedDeletedUpTo());
                    assertThat(rows.getInt(2)).as("row %d", id).isEqualTo(conversation(id));
                    assertThat(rows.getString(3)).as("row %d", id).isEqualTo(body(id));
                    if (id <= image.syncedUpTo()) {
                        present++;
                    }
                }
            }
            assertThat(present).as("synced rows").isEqualTo(image.syncedUpTo() - image.syncedDeletedUpTo());
            try (ResultSet rows = statement.executeQuery("SELECT id, last_event FROM conversations")) {
                while (rows.next()) {
                    assertThat(rows.getLong(2)).as("conversation %d", rows.getInt(1))
                            .isGreaterThanOrEqualTo(lastSynced(rows.getInt(1), image.syncedUpTo()));
                }
            }
        }
    }

    /** The conversation's last row at or before {@code syncedUpTo} (rows go round the conversations). */
    private static long lastSynced(int conversation, long syncedUpTo) {
        long last = syncedUpTo - Math.floorMod(syncedUpTo - conversation, CONVERSATIONS);
        return Math.max(0, last);
    }

    private static int conversation(long id) {
        return (int) (id % CONVERSATIONS);
    }

    private static String body(long id) {
        return "bericht " + id + " " + Long.toHexString(id * 0x9E3779B97F4A7C15L);
    }
}
