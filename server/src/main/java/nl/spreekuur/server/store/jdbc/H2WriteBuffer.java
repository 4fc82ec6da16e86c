package nl.spreekuur.server.store.jdbc;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the embedded database collect changed pages for its regular chunk writes instead of writing a chunk many
 * times a second under load.
 *
 * <p>H2's MVStore writes a chunk (every page changed since the last one, serialised, compressed, encrypted) when its
 * estimate of unsaved page memory passes a fixed ~19 MiB ({@code autoCommitBufferSize} 1024 KiB × 19; a committing
 * transaction already triggers it at three quarters of that). The estimate counts a whole page each time a saved page
 * is first changed, and with compression H2 splits pages only at 64 KiB: a few hundred busy conversations touch
 * enough pages (an index leaf each, the rows being appended to, the conversation rows) to pass it again right after
 * every chunk. Measured with 200 chats at 4,000 messages/s: ~25 chunks a second, each rewriting the same pages, and
 * three quarters of the server's CPU in the database (and at 2,000 messages/s a file a third larger than with the
 * wider buffer, BENCHMARKS.md, "Disk"). With a larger buffer the chunks follow {@code WRITE_DELAY} and the
 * journal's checkpoints (every few seconds) and each busy page is written once per chunk: a fifth to a quarter less CPU per message at 2,000–5,000 messages/s (BENCHMARKS.md, "H2's
 * chunk writes"). Not larger: with 128 MiB (a further tenth less CPU) appends stalled for about three seconds once
 * in each of two runs, with 48 MiB in none.
 *
 * <p>Durability does not depend on it: acknowledged appends are in the fsync'd journal, other writes are synced by
 * {@link H2Sync}, which writes a chunk itself. Only memory does: unsaved pages stay on the heap until the next chunk,
 * so the buffer is a quarter of the maximum heap, at most {@link #MAX_BYTES}.
 *
 * <p>H2 offers no setting for it when it opens the store itself, so this sets the MVStore's field (public class,
 * pinned H2 version, like {@link H2Sync}); {@code H2WriteBufferTest} fails if an upgrade renames it, and the server
 * then runs on H2's default (slower, still correct) after one warning.
 */
final class H2WriteBuffer {
    private static final Logger LOG = LoggerFactory.getLogger(H2WriteBuffer.class);

    static final int MAX_BYTES = 48 * 1024 * 1024;

    private H2WriteBuffer() {
    }

    /** The buffer for this JVM: a quarter of the maximum heap, at most {@link #MAX_BYTES}. */
    static int bytesForHeap(long maxHeapBytes) {
        return (int) Math.min(MAX_BYTES, maxHeapBytes / 4);
    }

    /** Widens the buffer of the database {@code connection} is open on (it applies to every connection of it). */
    static void widen(Connection connection) throws SQLException {
        MVStore store = H2Sync.mvStore(connection);
        int bytes = bytesForHeap(Runtime.getRuntime().maxMemory());
        if (store.getAutoCommitMemory() >= bytes) {
            return;
        }
        try {
            Field field = MVStore.class.getDeclaredField("autoCommitMemory");
            field.setAccessible(true);
            field.setInt(store, bytes);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not widen the embedded store's write buffer ({}); it writes chunks more often",
                    e.getClass().getSimpleName());
        }
    }
}
