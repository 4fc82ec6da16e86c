package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.StoreException;

/**
 * Runs work on pooled connections, either on its own (auto-commit) or inside one transaction, and turns
 * {@link SQLException}s into {@link StoreException}s (constraint violations into {@link ConflictException}).
 *
 * <p>Writes ({@link #write}, {@link #transaction}) return only once their commit is durable ({@link Durability}):
 * the connection goes back to the pool first, so commits waiting for the same sync do not hold connections.
 * {@link #run} is for reads.
 *
 * <p>Every piece of work passes the {@link StoreGate}, so {@link StoreCompaction} can pause the store: work waits
 * (bounded) while it runs.
 */
final class Database {

    /** Deadlocks and serialization failures roll the whole transaction back, so running it again is safe. */
    private static final int TRANSIENT_ATTEMPTS = 3;

    private final DataSource dataSource;
    private final Durability durability;
    private final StoreGate gate;

    Database(DataSource dataSource, Durability durability, StoreGate gate) {
        this.dataSource = dataSource;
        this.durability = durability;
        this.gate = gate;
    }

    /**
     * Runs a write of one statement in auto-commit mode; returns once it is durable. A statement that changed no
     * rows (an update count of 0, e.g. a periodic clean-up with nothing to do) has nothing to make durable.
     */
    <T> T write(SqlWork<T> work) {
        T result = run(work);
        if (!(result instanceof Integer changed && changed == 0)) {
            durability.awaitDurable();
        }
        return result;
    }

    /** Runs reads in auto-commit mode (one statement, or reads that need no common snapshot). */
    <T> T run(SqlWork<T> work) {
        gate.enter();
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            gate.leave();
        }
    }

    /**
     * Runs the work in one transaction: commits when it returns (and returns once the commit is durable), rolls
     * back when it throws.
     */
    <T> T transaction(SqlWork<T> work) {
        T result = transactionJournaled(work);
        durability.awaitDurable();
        return result;
    }

    /**
     * Runs the work in one transaction without waiting for durability: the caller makes it durable itself by
     * handing what it wrote to the {@link HotPathLog} before it answers anyone.
     */
    <T> T transactionJournaled(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactionOnce(work);
            } catch (SQLException e) {
                if (!isTransient(e) || attempt >= TRANSIENT_ATTEMPTS) {
                    throw translate(e);
                }
            }
        }
    }

    private <T> T transactionOnce(SqlWork<T> work) throws SQLException {
        gate.enter();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } finally {
            gate.leave();
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        // 40001 serialization failure / H2 deadlock, 40P01 PostgreSQL deadlock
        return "40001".equals(state) || "40P01".equals(state);
    }

    /**
     * Constraint violations (class 23) mean the current state does not allow the change; data exceptions
     * (class 22, e.g. a value too long for its column) are a caller's mistake that retrying cannot fix; anything
     * else means the database could not do its work.
     */
    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("23")) {
            return new ConflictException("constraint violated (" + state + ")");
        }
        if (state != null && state.startsWith("22")) {
            return new IllegalArgumentException("value not accepted by the database (" + state + ")", e);
        }
        return new StoreException("database error (" + state + ")", e);
    }
}
