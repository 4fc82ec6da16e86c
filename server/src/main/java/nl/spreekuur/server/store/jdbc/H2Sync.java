package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Makes everything committed to an embedded H2 file database durable: write a chunk, wait until H2's own
 * background chunk writes have reached the file, fsync.
 *
 * <p>Why not the SQL statement {@code CHECKPOINT SYNC}: in H2 2.x it runs {@code MVStore.commit()} and then fsyncs,
 * but {@code commit()} returns without writing when H2's background writer started a chunk in the meantime, and
 * that chunk is serialised and written asynchronously (threads "H2-serialization" and "H2-save"). The fsync can
 * then run before the chunk holding the caller's commits is in the file: a SIGKILL right after loses commits that
 * were reported durable. Found by the SIGKILL runs (see docs/architecture.md, "Acknowledged means on disk") and
 * reproduced in isolation with H2 2.5.252. {@link FileStore#executeFileStoreOperation} drains both executors, so
 * the fsync after it covers every chunk started before.
 *
 * <p>This reaches into H2's engine (public classes, pinned version); the H2 SIGKILL tests fail if an upgrade
 * changes the behaviour.
 */
final class H2Sync {

    private H2Sync() {
    }

    /** Returns once everything committed before the call is in the database file and fsync'd. */
    static void sync(Connection connection) throws SQLException {
        MVStore store = mvStore(connection);
        store.commit();
        FileStore<?> files = store.getFileStore();
        if (files != null) {
            files.executeFileStoreOperation(() -> {
            });
        }
        store.sync();
    }

    static MVStore mvStore(Connection connection) throws SQLException {
        JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
        if (!(h2.getSession() instanceof SessionLocal session)) {
            throw new SQLException("not an embedded H2 connection");
        }
        return session.getDatabase().getStore().getMvStore();
    }
}
