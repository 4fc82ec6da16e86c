package nl.spreekuur.server.store.jdbc;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * Makes everything committed to an embedded H2 file database durable: write a chunk, wait until H2's own
 * background chunk writes have reached the file, point the file's header at the last chunk, fsync.
 *
 * <p>Why not the SQL statement {@code CHECKPOINT SYNC}: in H2 2.x it runs {@code MVStore.commit()} and then fsyncs,
 * but {@code commit()} returns without writing when H2's background writer started a chunk in the meantime, and
 * that chunk is serialised and written asynchronously (threads "H2-serialization" and "H2-save"). The fsync can
 * then run before the chunk holding the caller's commits is in the file: a SIGKILL right after loses commits that
 * were reported durable. Found by the SIGKILL runs (see docs/architecture.md, "Acknowledged means on disk") and
 * reproduced in isolation with H2 2.5.252. {@link FileStore#executeFileStoreOperation} drains both executors, so
 * the fsync after it covers every chunk started before.
 *
 * <p>Why the header: after a crash H2 finds its newest chunk from the file header, following each chunk's guess of
 * where the next one goes. A chunk written into reused space elsewhere makes H2 rewrite the header, but with the
 * chunk <em>before</em> it (H2 2.5.252, {@code RandomAccessStore.writeChunk} runs before the last chunk is updated),
 * so until a later header write the newest chunks cannot be found: a restart after a crash opened an older, complete
 * version and lost commits that were synced, deleted rows came back ({@code PowerLossTest} showed it on every run,
 * also for a disk that kept every write, i.e. a SIGKILL). So before the fsync the header is written again when it
 * does not name the last chunk, under H2's own locks (the chunk writers are drained and the save lock held).
 *
 * <p>This reaches into H2's engine (public classes, pinned version; the header write and the save lock by
 * reflection); {@code PowerLossTest} and the H2 SIGKILL tests fail if an upgrade changes the behaviour.
 */
final class H2Sync {
    private static final Method WRITE_STORE_HEADER;
    private static final Field SAVE_CHUNK_LOCK;

    static {
        try {
            WRITE_STORE_HEADER = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
            WRITE_STORE_HEADER.setAccessible(true);
            SAVE_CHUNK_LOCK = FileStore.class.getDeclaredField("saveChunkLock");
            SAVE_CHUNK_LOCK.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private H2Sync() {
    }

    /** Returns once everything committed before the call is in the database file and fsync'd. */
    static void sync(Connection connection) throws SQLException {
        MVStore store = mvStore(connection);
        store.commit();
        FileStore<?> files = store.getFileStore();
        if (files != null) {
            files.executeFileStoreOperation(() -> headerAtLastChunk(files));
        }
        store.sync();
    }

    /** Runs with the chunk writers drained (inside {@link FileStore#executeFileStoreOperation}). */
    private static void headerAtLastChunk(FileStore<?> files) {
        if (!(files instanceof RandomAccessStore)
                || DataUtils.readHexLong(files.getStoreHeader(), "version", -1) == files.lastChunkVersion()) {
            return;
        }
        try {
            ReentrantLock saveLock = (ReentrantLock) SAVE_CHUNK_LOCK.get(files);
            saveLock.lock();
            try {
                WRITE_STORE_HEADER.invoke(files);
            } finally {
                saveLock.unlock();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot write the embedded database's header", e);
        }
    }

    static MVStore mvStore(Connection connection) throws SQLException {
        return session(connection).getDatabase().getStore().getMvStore();
    }

    /** The in-process session behind an embedded H2 connection. */
    static SessionLocal session(Connection connection) throws SQLException {
        JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
        if (!(h2.getSession() instanceof SessionLocal session)) {
            throw new SQLException("not an embedded H2 connection");
        }
        return session;
    }
}
