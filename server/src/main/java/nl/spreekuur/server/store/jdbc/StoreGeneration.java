package nl.spreekuur.server.store.jdbc;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's generation (table {@code store_state}): part of every conversation epoch, so that resuming clients
 * are told to reload whenever the store cannot prove continuity.
 *
 * <p>The embedded database is opened by one server at a time, so it records that it is open ({@code open_since})
 * and clears that on a clean close; finding it still set on open means the previous run ended unclean (killed,
 * crashed, power loss) and starts a new generation. Acknowledged events survive such a run (writes are durable before
 * they are answered), but events committed and not yet synced are gone and their seqs are handed out again — no
 * client has seen them, yet nothing proves that, so clients reload. PostgreSQL is shared by several nodes and its
 * commits are durable on their own: its generation changes only when an operator starts one after restoring a
 * backup.
 */
final class StoreGeneration {
    private static final Logger LOG = LoggerFactory.getLogger(StoreGeneration.class);

    /** The row as read: the generation, and whether a server had the database open when it stopped. */
    private record State(long generation, boolean open) {
    }

    private final Database db;
    private final boolean tracksOpen;
    private final AtomicLong current = new AtomicLong();

    private StoreGeneration(Database db, boolean tracksOpen) {
        this.db = db;
        this.tracksOpen = tracksOpen;
    }

    /**
     * Reads the generation; for a database only this process opens ({@code tracksOpen}), starts a new one when the
     * previous run did not close cleanly, and records that this run has it open.
     */
    static StoreGeneration open(Database db, boolean tracksOpen, Instant now) {
        StoreGeneration generation = new StoreGeneration(db, tracksOpen);
        generation.current.set(db.transaction(c -> {
            State state = Sql.one(c, "SELECT generation, open_since FROM store_state WHERE id = 1 FOR UPDATE",
                    row -> new State(row.getLong("generation"), row.getObject("open_since") != null)).orElseThrow();
            long stored = state.generation();
            if (!tracksOpen) {
                return stored;
            }
            boolean unclean = state.open();
            long next = unclean ? stored + 1 : stored;
            if (unclean) {
                LOG.warn("the previous run did not shut down cleanly: starting store generation {};"
                        + " clients resuming a conversation reload its history", next);
            }
            Sql.update(c, "UPDATE store_state SET generation = ?, open_since = ? WHERE id = 1", next, now);
            return next;
        }));
        return generation;
    }

    long current() {
        return current.get();
    }

    /** Starts a new generation (after a restore); every conversation epoch changes. Returns it. */
    long startNew() {
        long next = db.transaction(c -> {
            long stored = Sql.count(c, "SELECT generation FROM store_state WHERE id = 1 FOR UPDATE");
            Sql.update(c, "UPDATE store_state SET generation = ? WHERE id = 1", stored + 1);
            return stored + 1;
        });
        current.set(next);
        LOG.info("started store generation {}", next);
        return next;
    }

    /** Records the clean close (embedded database); the caller closes the database right after. */
    void closeCleanly() {
        if (tracksOpen) {
            db.write(c -> Sql.update(c, "UPDATE store_state SET open_since = NULL WHERE id = 1"));
        }
    }

    /** The epoch clients see: the conversation's own random epoch, qualified by the generation once there is one. */
    String epoch(String conversationEpoch) {
        long generation = current.get();
        return generation == 0 ? conversationEpoch : conversationEpoch + "." + generation;
    }
}
