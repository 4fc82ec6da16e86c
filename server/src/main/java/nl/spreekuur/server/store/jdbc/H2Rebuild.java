package nl.spreekuur.server.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import nl.spreekuur.server.store.StoreException;
import nl.spreekuur.server.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the embedded H2 database before anything else opens it: after an unclean shutdown, and once to encrypt
 * a database that was written without a key (a server upgraded to encryption at rest).
 *
 * <p>Why after a crash: H2 2.x can reopen a killed database with <em>leftovers</em>, rows of a transaction that
 * never committed whose undo entries were not in the last chunk written. Readers skip them (they are uncommitted),
 * except a reader whose transaction happens to get the dead writer's id, which sees them as its own; and they stay
 * locked by a transaction that no longer exists, so the next write of the same key waits forever: an
 * event insert at the next seq, an update of the conversation row. Reproduced in isolation with H2 2.5.252 (a writer
 * killed with SIGKILL; after reopening, {@code INSERT} of the next key hangs while {@code SELECT} does not see it).
 *
 * <p>How: export the committed rows with {@code SCRIPT} in a transaction whose id no leftover can carry
 * ({@link H2Leftovers}: H2 shows a leftover to the transaction with its writer's id, and a first reader after the
 * reopen often gets that id), write the export to {@code spreekuur.rebuild.sql} (or, for an encrypted store,
 * {@code spreekuur.rebuild.aes}, encrypted by H2's {@code SCRIPT ... CIPHER AES} with the store key, so no content
 * is ever in the clear on disk), replace the database file by a new one loaded from the export, then delete the
 * export. Crash-safe in every step:
 * the export is complete once it has its final name (written under another, fsync'd, renamed); while it exists it
 * is the truth, and a start that finds it reloads from it. The journal is replayed afterwards as usual, and the
 * store generation still changes (the export keeps the {@code open_since} mark of the unclean run).
 *
 * <p>H2's own {@code ChangeFileEncryption} tool would encrypt the file in place, but it deletes the old file before
 * moving the new one into place, so a crash between the two loses the database; the export path has no such step.
 *
 * <p>The same rebuild is the store's compaction ({@link #rebuildNow}, run by {@link StoreCompaction} while the store is
 * paused): the new file holds only live rows, so rows deleted by retention are no longer in any page of it.
 *
 * <p>Cost: proportional to the database size (export and reload of every row), paid after a crash, once when
 * encryption is switched on, and at each compaction.
 */
final class H2Rebuild {
    private static final Logger LOG = LoggerFactory.getLogger(H2Rebuild.class);
    /** The first bytes of a file H2 encrypted ({@code FileEncrypt}'s header). */
    private static final byte[] ENCRYPTED_HEADER = "H2encrypt\n".getBytes(StandardCharsets.US_ASCII);

    private H2Rebuild() {
    }

    /**
     * Rebuilds the database when it was not closed cleanly or is not encrypted while {@code settings} are, or
     * finishes a rebuild a crash interrupted.
     *
     * @throws StoreException also when the database is encrypted and {@code settings} have no key
     */
    static void ifNeeded(StoreSettings settings) {
        Layout files = Layout.of(settings);
        try {
            Export pending = files.pendingExport(settings);
            if (pending != null) {
                LOG.warn("finishing an interrupted rebuild of the embedded store");
            } else {
                if (!Files.exists(files.database())) {
                    return;
                }
                boolean encryptedFile = encryptedFile(files.database());
                if (encryptedFile && !settings.encrypted()) {
                    throw new StoreException("the embedded store is encrypted, but no key was given (store.key-file)");
                }
                StoreSettings source = encryptedFile ? settings : settings.withoutEncryption();
                if (settings.encrypted() && !encryptedFile) {
                    LOG.warn("the embedded store is not encrypted yet: encrypting it (export and reload)");
                } else if (!unclean(source)) {
                    return;
                } else {
                    LOG.warn("the embedded store was not closed cleanly: rebuilding it from its committed rows");
                }
                pending = files.export(settings);
                export(source, pending);
            }
            reload(settings, files.database(), pending);
            LOG.info("embedded store rebuilt");
        } catch (IOException e) {
            throw new StoreException("cannot rebuild the embedded store", e);
        } catch (SQLException e) {
            throw new StoreException("cannot rebuild the embedded store (" + e.getSQLState() + ")", e);
        }
    }

    /**
     * The compaction entry point ({@link StoreCompaction}): rebuilds the database now, whatever its state, so the
     * new file holds only the live rows and none of the freed pages that still held deleted rows. The caller has
     * closed every connection to the database. Crash-safe in the same way as {@link #ifNeeded}: a start that
     * finds the export reloads from it.
     *
     * @throws StoreException if a step failed; the export, if complete, is then still the truth ({@link #ifNeeded}
     *                        finishes the rebuild)
     */
    static void rebuildNow(StoreSettings settings) {
        Layout files = Layout.of(settings);
        try {
            Export pending = files.pendingExport(settings);
            if (pending == null) {
                pending = files.export(settings);
                export(settings, pending);
            }
            reload(settings, files.database(), pending);
        } catch (IOException e) {
            throw new StoreException("cannot rebuild the embedded store", e);
        } catch (SQLException e) {
            throw new StoreException("cannot rebuild the embedded store (" + e.getSQLState() + ")", e);
        }
    }

    /**
     * Whether a complete export waits to be reloaded (then it, not the database file, is the truth). A partial one
     * never is; the next rebuild deletes it.
     */
    static boolean exportComplete(StoreSettings settings) {
        Layout files = Layout.of(settings);
        return Files.exists(files.sealed().file()) || Files.exists(files.clear().file());
    }

    /** Step 1: the committed rows into the export, complete once it has its final name. */
    private static void export(StoreSettings source, Export pending) throws IOException, SQLException {
        try (Connection connection = connect(source)) {
            H2Leftovers.readPast(connection, c -> {
                try (Statement statement = c.createStatement()) {
                    return statement.execute("SCRIPT TO " + literal(pending.partial()) + pending.cipherClause());
                }
            });
        }
        force(pending.partial());
        Files.move(pending.partial(), pending.file(), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(pending.file().getParent());
    }

    /**
     * Step 2: a new database file loaded from the export, then made dense; then the export goes. The load writes many
     * pages more than once (every index grows as its rows arrive, and H2 writes a chunk whenever its buffer fills), so
     * more than half of the loaded file is dead chunks; {@code SHUTDOWN COMPACT} copies the live pages into a
     * temporary file that H2 moves over the database (2.6 times smaller after 600,000 messages). A crash before the
     * export is deleted finds the export and loads again; H2 deletes a left-over temporary file when it opens.
     */
    private static void reload(StoreSettings settings, Path database, Export pending) throws IOException, SQLException {
        Files.deleteIfExists(database);
        forceDirectory(database.getParent());
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM " + literal(pending.file()) + pending.cipherClause());
            H2Sync.sync(connection);
            statement.execute("SHUTDOWN COMPACT");
        }
        force(database);
        forceDirectory(database.getParent());
        Files.delete(pending.file());
        forceDirectory(pending.file().getParent());
    }

    /** The database file and its two possible exports (in the clear, or sealed with the store key). */
    private record Layout(Path database, Export clear, Export sealed) {
        static Layout of(StoreSettings settings) {
            Path base = JdbcStore.h2FileBase(settings);
            return new Layout(Path.of(base + ".mv.db"), new Export(Path.of(base + ".rebuild.sql"), ""),
                    new Export(Path.of(base + ".rebuild.aes"), settings.fileKey()));
        }

        /** The complete export a crash left behind, or null; deletes partial ones (never the truth). */
        Export pendingExport(StoreSettings settings) throws IOException {
            Files.deleteIfExists(clear.partial());
            Files.deleteIfExists(sealed.partial());
            Export pending = Files.exists(sealed.file()) ? sealed
                    : Files.exists(clear.file()) ? clear : null;
            if (pending == sealed && !settings.encrypted()) {
                throw new StoreException("an encrypted rebuild of the embedded store is pending, but the store has"
                        + " no key (store.key-file)");
            }
            return pending;
        }

        /** The export a new rebuild writes: sealed for an encrypted store. */
        Export export(StoreSettings settings) {
            return settings.encrypted() ? sealed : clear;
        }
    }

    /** Whether H2 encrypted the file (it starts with {@code FileEncrypt}'s header). */
    static boolean encryptedFile(Path database) throws IOException {
        byte[] head = new byte[ENCRYPTED_HEADER.length];
        try (InputStream in = Files.newInputStream(database)) {
            return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, ENCRYPTED_HEADER);
        }
    }

    /** A rebuild export: written under {@code file + ".part"}; encrypted with {@code key} unless it is empty. */
    private record Export(Path file, String key) {
        Path partial() {
            return Path.of(file + ".part");
        }

        String cipherClause() {
            return key.isEmpty() ? "" : " CIPHER AES PASSWORD '" + key + "'";
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
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.jdbcPassword());
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
