package nl.spreekuur.server.store.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import nl.spreekuur.server.store.StoreException;
import nl.spreekuur.server.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the embedded H2 database after an unclean shutdown, before anything else opens it.
 *
 * <p>Why: H2 2.x can reopen a killed database with <em>leftovers</em>, rows of a transaction that never committed
 * whose undo entries were not in the last chunk written. Readers skip them (they are uncommitted), but they stay
 * locked by a transaction that no longer exists, so the next write of the same key waits forever: an event insert
 * at the next seq, an update of the conversation row. Reproduced in isolation with H2 2.5.252 (a writer killed with
 * SIGKILL; after reopening, {@code INSERT} of the next key hangs while {@code SELECT} does not see it).
 *
 * <p>How: export the committed rows with {@code SCRIPT} (it reads like any query, so leftovers are not in it),
 * write the export to {@code spreekuur.rebuild.sql}, replace the database file by a new one loaded from the export,
 * then delete the export. Crash-safe in every step: the export is complete once it has its final name (written
 * under another, fsync'd, renamed); while it exists it is the truth, and a start that finds it reloads from it.
 * The journal is replayed afterwards as usual, and the store generation still changes (the export keeps the
 * {@code open_since} mark of the unclean run).
 *
 * <p>Cost: proportional to the database size (export and reload of every row), paid only after a crash.
 */
final class H2Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(H2Rebuild.class);

    private H2Rebuild() {
    }

    /** Rebuilds the database when it was not closed cleanly, or finishes a rebuild a crash interrupted. */
    static void ifUnclean(StoreSettings settings) {
        Path base = JdbcStore.h2FileBase(settings);
        Path database = Path.of(base + ".mv.db");
        Path export = Path.of(base + ".rebuild.sql");
        Path partial = Path.of(base + ".rebuild.sql.part");
        try {
            Files.deleteIfExists(partial);
            if (!Files.exists(export)) {
                if (!Files.exists(database) || !unclean(settings)) {
                    return;
                }
                LOG.warn("the embedded store was not closed cleanly: rebuilding it from its committed rows");
                try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
                    statement.execute("SCRIPT TO " + literal(partial));
                }
                force(partial);
                Files.move(partial, export, StandardCopyOption.ATOMIC_MOVE);
                forceDirectory(export.getParent());
            } else {
                LOG.warn("finishing an interrupted rebuild of the embedded store");
            }
            Files.deleteIfExists(database);
            forceDirectory(database.getParent());
            try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
                statement.execute("RUNSCRIPT FROM " + literal(export));
                H2Sync.sync(connection);
            }
            Files.delete(export);
            forceDirectory(export.getParent());
            LOG.info("embedded store rebuilt");
        } catch (IOException e) {
            throw new StoreException("cannot rebuild the embedded store", e);
        } catch (SQLException e) {
            throw new StoreException("cannot rebuild the embedded store (" + e.getSQLState() + ")", e);
        }
    }

    /** Whether the last server that opened the database did not record a clean close (see StoreGeneration). */
    private static boolean unclean(StoreSettings settings) throws SQLException {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            try (ResultSet tables = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_name = 'store_state'")) {
                tables.next();
                if (tables.getLong(1) == 0) {
                    return false;
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT open_since FROM store_state WHERE id = 1")) {
                return row.next() && row.getObject(1) != null;
            }
        }
    }

    private static Connection connect(StoreSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
