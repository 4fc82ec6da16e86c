package nl.spreekuur.server.store.jdbc;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two settings of the embedded database's MVStore that H2 offers no way to set when it opens the store itself: how
 * much changed data it collects before it writes a chunk, and at what size a page splits. Both decide how many bytes
 * every chunk rewrites, which is most of the store's CPU and of its file under load.
 *
 * <p><b>Write buffer.</b> H2 writes a chunk (every page changed since the last one, serialised, compressed,
 * encrypted) when its estimate of unsaved page memory passes a fixed ~19 MiB ({@code autoCommitBufferSize}
 * 1024 KiB × 19; a committing transaction already triggers it at three quarters of that). The estimate counts a whole
 * page each time a saved page is first changed: a few hundred busy conversations touch enough pages (an index leaf
 * each, the rows being appended to, the conversation rows) to pass it again right after every chunk. Measured with
 * 200 chats at 4,000 messages/s: ~25 chunks a second, each rewriting the same pages, and three quarters of the
 * server's CPU in the database. With a larger buffer the chunks follow {@code WRITE_DELAY} and the journal's
 * checkpoints (every few seconds) and each busy page is written once per chunk: a fifth to a quarter less CPU per
 * message at 2,000–5,000 messages/s (BENCHMARKS.md, "H2's chunk writes"). It is a quarter of the maximum heap (unsaved
 * pages stay on the heap until the next chunk), at most {@link #MAX_BUFFER_BYTES}; with 128 MiB appends stalled for
 * about three seconds once in each of two runs.
 *
 * <p><b>Page size.</b> Every message changes a leaf page per conversation in each of the events' two indexes and
 * the conversation's row, and each chunk writes every changed page whole. With compression H2 splits a page only at
 * 48 keys or 64 KiB, so a chunk rewrote a large leaf to store one or two new entries. Pages that split at
 * {@link #PAGE_SPLIT_BYTES} (H2's own size without compression; they are still compressed) make the file grow about
 * a third less per message under sustained load (BENCHMARKS.md, "Smaller pages"). H2 reads the split size whenever a
 * page grows, and it is not stored in the file: a database written with larger pages opens as before and its pages
 * shrink as they change. (H2's keys per page would do it too, but its single-writer maps size a buffer by that
 * number when they are created, and changing it under them trips H2's own assertions.)
 *
 * <p>Durability depends on neither: acknowledged appends are in the fsync'd journal, other writes are synced by
 * {@link H2Sync}, which writes a chunk itself. H2 reads both fields from the store when it needs them, so this sets
 * them on the open store (public class, pinned H2 version, like {@link H2Sync}); {@code H2TuningTest} fails if an
 * upgrade renames them, and the server then runs on H2's defaults (slower, a larger file, still correct) after one
 * warning.
 */
final class H2Tuning {
    private static final Logger LOG = LoggerFactory.getLogger(H2Tuning.class);

    static final int MAX_BUFFER_BYTES = 48 * 1024 * 1024;
    static final int PAGE_SPLIT_BYTES = 4096;

    private H2Tuning() {
    }

    /** The write buffer for this JVM: a quarter of the maximum heap, at most {@link #MAX_BUFFER_BYTES}. */
    static int bufferBytesForHeap(long maxHeapBytes) {
        return (int) Math.min(MAX_BUFFER_BYTES, maxHeapBytes / 4);
    }

    /** Tunes the database {@code connection} is open on (the settings apply to every connection of it). */
    static void apply(Connection connection) throws SQLException {
        MVStore store = H2Sync.mvStore(connection);
        int bytes = bufferBytesForHeap(Runtime.getRuntime().maxMemory());
        if (store.getAutoCommitMemory() < bytes) {
            set(MVStore.class, store, "autoCommitMemory", bytes, "write buffer", "it writes chunks more often");
        }
        FileStore<?> files = store.getFileStore();
        if (files != null && files.getMaxPageSize() > PAGE_SPLIT_BYTES) {
            set(FileStore.class, files, "maxPageSize", PAGE_SPLIT_BYTES, "page size", "its chunks rewrite larger pages");
        }
    }

    private static void set(Class<?> type, Object target, String field, int value, String what, String consequence) {
        try {
            Field declared = type.getDeclaredField(field);
            declared.setAccessible(true);
            declared.setInt(target, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not set the embedded store's {} ({}); {}", what, e.getClass().getSimpleName(),
                    consequence);
        }
    }
}
