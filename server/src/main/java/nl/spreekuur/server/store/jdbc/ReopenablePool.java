package nl.spreekuur.server.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The store's connection pool, which {@link StoreCompaction} closes (every connection, so H2 closes the database
 * file) and opens anew after the rebuild. The {@link StoreGate} keeps work away while it is closed.
 */
final class ReopenablePool implements DataSource, AutoCloseable {
    private final Supplier<HikariDataSource> factory;
    private volatile HikariDataSource current;

    ReopenablePool(HikariDataSource first, Supplier<HikariDataSource> factory) {
        this.current = first;
        this.factory = factory;
    }

    /** Closes every connection; {@link #reopen} opens a new pool. */
    @Override
    public void close() {
        HikariDataSource pool = current;
        if (pool != null) {
            pool.close();
        }
    }

    void reopen() {
        current = factory.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return current.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return current.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        current.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        current.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return current.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return current.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return current.isWrapperFor(type);
    }
}
