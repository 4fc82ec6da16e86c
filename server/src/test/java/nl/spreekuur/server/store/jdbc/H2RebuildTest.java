package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import nl.spreekuur.server.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2RebuildTest {
    private static final Duration KILL_AFTER = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void aDatabaseLeftByAKilledWriterIsRebuiltAndAcceptsTheNextKeys() throws Exception {
        StoreSettings settings = StoreSettings.embedded(dir);
        runWriterAndKillIt(settings);

        H2Rebuild.ifNeeded(settings);

        // H2 2.5 can reopen such a file with the killed transaction's uncommitted rows left in the table, locking
        // their keys forever (seen in isolation, timing-dependent, so not every run of this test produces them):
        // without the rebuild this insert would then hang. After it, the rows have no holes: an export read with
        // the killed writer's transaction id held rows from the end of its open transaction in about four runs of
        // ten, before H2Leftovers. (H2 itself can still reopen such a file with the first rows of the killed
        // transaction as committed, seen once: 22 of 50; the rows then still form an unbroken prefix.)
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
                long highest = count(statement, "SELECT MAX(id) FROM rows_written");
                assertThat(count(statement, "SELECT COUNT(*) FROM rows_written")).isEqualTo(highest);
                for (long id = highest + 1; id <= highest + 200; id++) {
                    statement.execute("INSERT INTO rows_written VALUES (" + id + ", 'after the rebuild')");
                }
            }
        });
        assertThat(Path.of(JdbcStore.h2FileBase(settings) + ".rebuild.sql")).doesNotExist();
    }

    @Test
    void anUncleanStoreKeepsItsCommittedRowsAndStartsANewGeneration() throws Exception {
        StoreSettings settings = StoreSettings.embedded(dir);
        JdbcStore.open(settings, Clock.systemUTC()).close();
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO organisations (id, slug, name) VALUES ('org-1', 'noord', 'Welzijn Noord')");
            statement.execute("UPDATE store_state SET open_since = CURRENT_TIMESTAMP WHERE id = 1");
        }

        try (JdbcStore store = JdbcStore.open(settings, Clock.systemUTC())) {
            assertThat(store.generation()).isEqualTo(1);
            assertThat(store.organisations().bySlug("noord")).isPresent();
        }
        assertThat(Path.of(JdbcStore.h2FileBase(settings) + ".rebuild.sql")).doesNotExist();
    }

    @Test
    void aRebuildInterruptedAfterTheExportIsFinishedFromTheExport() throws Exception {
        StoreSettings settings = StoreSettings.embedded(dir);
        JdbcStore.open(settings, Clock.systemUTC()).close();
        Path export = Path.of(JdbcStore.h2FileBase(settings) + ".rebuild.sql");
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO organisations (id, slug, name) VALUES ('org-1', 'noord', 'Welzijn Noord')");
            statement.execute("SCRIPT TO '" + export + "'");
            // a half-finished reload: rows that are not in the export must not survive
            statement.execute("INSERT INTO organisations (id, slug, name) VALUES ('org-2', 'zuid', 'Welzijn Zuid')");
        }

        H2Rebuild.ifNeeded(settings);

        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT COUNT(*) FROM organisations WHERE id = 'org-1'")).isEqualTo(1);
            assertThat(count(statement, "SELECT COUNT(*) FROM organisations WHERE id = 'org-2'")).isZero();
        }
        assertThat(export).doesNotExist();
    }

    @Test
    void aCleanlyClosedStoreIsLeftAsItIs() throws Exception {
        StoreSettings settings = StoreSettings.embedded(dir);
        JdbcStore.open(settings, Clock.systemUTC()).close();
        Path file = Path.of(JdbcStore.h2FileBase(settings) + ".mv.db");
        Object before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        H2Rebuild.ifNeeded(settings);

        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).as("the same file").isEqualTo(before);
        try (JdbcStore store = JdbcStore.open(settings, Clock.systemUTC())) {
            assertThat(store.generation()).isZero();
        }
    }

    /**
     * Starts {@link H2KilledWriter} and kills it with SIGKILL mid-write once it has committed a few hundred batches
     * (its commits are not synced, so what survives is whatever H2 had written). Long enough for H2 to write
     * chunks while transactions are open.
     */
    private void runWriterAndKillIt(StoreSettings settings) throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2KilledWriter.class.getName(), settings.jdbcUrl())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long committed = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long killAt = 0;
            while ((line = out.readLine()) != null) {
                committed = Long.parseLong(line.trim());
                if (killAt == 0) {
                    killAt = System.nanoTime() + KILL_AFTER.toNanos();
                } else if (System.nanoTime() > killAt) {
                    break;
                }
            }
        } finally {
            writer.destroyForcibly();
            writer.waitFor();
        }
        assertThat(committed).as("the writer committed before it was killed").isPositive();
    }

    private static Connection connect(StoreSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
