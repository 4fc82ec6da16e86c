package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import nl.spreekuur.server.store.StoreException;
import nl.spreekuur.server.store.StoreSettings;

/**
 * The embedded database's own connection for durability syncs ({@link H2Sync}), apart from the pool so a sync never
 * waits for a pooled connection. {@link StoreCompaction} closes it while it rebuilds the file; a sync asked for
 * meanwhile waits and then runs on the reopened database, which holds everything committed before the rebuild.
 * Opened with the store and again after every rebuild, it also applies {@link H2Tuning} to the database.
 */
final class SyncConnection implements AutoCloseable {
    private final StoreSettings settings;
    // guarded by this; null while closed
    private Connection connection;

    private SyncConnection(StoreSettings settings, Connection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    static SyncConnection open(StoreSettings settings) throws SQLException {
        return new SyncConnection(settings, connect(settings));
    }

    /** Everything committed before the call is in the database file and fsync'd. */
    synchronized void sync() throws SQLException {
        if (connection == null) {
            throw new SQLException("the embedded store is closed", "08003");
        }
        H2Sync.sync(connection);
    }

    /**
     * Closes the connection, runs {@code whileClosed} and reopens it; if {@code whileClosed} fails the connection
     * stays closed (the database may be half rebuilt: only the next start may open it). {@code whileClosed} is
     * told whether H2 has closed the database itself (true once no other connection is open either).
     */
    synchronized void closedDuring(java.util.function.Consumer<java.util.function.BooleanSupplier> whileClosed) {
        org.h2.mvstore.MVStore open;
        try {
            open = H2Sync.mvStore(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot reach the embedded store (" + e.getSQLState() + ")", e);
        }
        closeQuietly();
        whileClosed.accept(open::isClosed);
        try {
            connection = connect(settings);
        } catch (SQLException e) {
            throw new StoreException("cannot reopen the embedded store (" + e.getSQLState() + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing: nothing was pending on this connection (it only syncs)
            }
            connection = null;
        }
    }

    /** Connects; the database may have been (re)opened by it, so it is tuned here. */
    private static Connection connect(StoreSettings settings) throws SQLException {
        Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.jdbcPassword());
        try {
            H2Tuning.apply(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
