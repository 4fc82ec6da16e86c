package nl.spreekuur.server.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded store's idempotency filter: per conversation, a 64-bit hash of every stored (sender, client_msg_id).
 * It answers "certainly not stored" (the common case: a new message, no read at all) or "may be stored" (a retry, or
 * a hash collision), and for the latter the appender reads the stored event ({@code findByClientMsgId}).
 *
 * <p>Why: on H2 a unique key on (conversation, sender, client_msg_id) cost a quarter of the server's CPU per message
 * at 2,000 messages/s (H2 checks a unique secondary index by opening an iterator over the uncommitted rows for every
 * insert; BENCHMARKS.md, "H2's housekeeping off, the idempotency key in memory"), and its index pages were a good part of every chunk H2
 * writes. The embedded store has one writer of such events (the appender thread, one node), so it can keep the key
 * itself; PostgreSQL, which several nodes share, keeps its unique key and does not use this.
 *
 * <p>Never a false "not stored": a conversation's hashes are read from the database the first time it is asked
 * about (on the appender thread, which is the only thread that inserts events with a client_msg_id, so nothing can
 * be stored meanwhile), and every insert adds its hash before it commits (a rolled-back insert leaves a hash behind:
 * a harmless false "may be"). Deleted events leave their hashes (also harmless). Bounded: the tables of all
 * conversations together hold at most {@code maxSlots} longs (a conversation's table and its entry count at least
 * 20, so many small conversations are bounded too); the conversations asked about least recently are dropped whole
 * and read again when needed.
 */
final class KnownClientIds {
    /** Reads a conversation's (sender, client_msg_id) pairs from the database. */
    @FunctionalInterface
    interface Loader {
        void load(Connection c, String conversationId, PairSink sink) throws SQLException;
    }

    @FunctionalInterface
    interface PairSink {
        void accept(String senderId, String clientMsgId);
    }

    /** What a conversation's map entry costs beyond its table, in longs. */
    private static final int ENTRY_SLOTS = 4;

    private final Loader loader;
    private final long maxSlots;
    // guarded by this; access order, so the eldest is the conversation asked about least recently
    private final LinkedHashMap<String, LongSet> conversations = new LinkedHashMap<>(64, 0.75f, true);
    private long slots;

    /** A bound for this JVM: a thirty-second of the maximum heap, in longs (a hash takes 1.3-2.7 of them). */
    static long maxSlotsForHeap(long maxHeapBytes) {
        return Math.max(100_000, maxHeapBytes / 32 / Long.BYTES);
    }

    KnownClientIds(Loader loader, long maxSlots) {
        if (maxSlots < 1) {
            throw new IllegalArgumentException("maxSlots must be positive");
        }
        this.loader = loader;
        this.maxSlots = maxSlots;
    }

    /** False only if no event of the conversation with this sender and client_msg_id is stored. */
    boolean mayHave(Connection c, String conversationId, String senderId, String clientMsgId) throws SQLException {
        long hash = hash(senderId, clientMsgId);
        synchronized (this) {
            LongSet known = conversations.get(conversationId);
            if (known != null) {
                return known.contains(hash);
            }
        }
        LongSet loaded = new LongSet();
        loader.load(c, conversationId, (sender, id) -> loaded.add(hash(sender, id)));
        synchronized (this) {
            LongSet previous = conversations.put(conversationId, loaded);
            slots += cost(loaded) - (previous == null ? 0 : cost(previous));
            evictBeyondBound(conversationId);
            return loaded.contains(hash);
        }
    }

    /** An event with this sender and client_msg_id is being inserted (call before the commit). */
    synchronized void added(String conversationId, String senderId, String clientMsgId) {
        LongSet known = conversations.get(conversationId);
        if (known != null) {
            long before = cost(known);
            known.add(hash(senderId, clientMsgId));
            slots += cost(known) - before;
            evictBeyondBound(conversationId);
        }
    }

    /** Tests: the longs held, tables and entries. */
    synchronized long slots() {
        return slots;
    }

    private static long cost(LongSet set) {
        return set.capacity() + ENTRY_SLOTS;
    }

    private void evictBeyondBound(String keep) {
        Iterator<Map.Entry<String, LongSet>> eldest = conversations.entrySet().iterator();
        while (slots > maxSlots && eldest.hasNext()) {
            Map.Entry<String, LongSet> entry = eldest.next();
            if (!entry.getKey().equals(keep)) {
                slots -= cost(entry.getValue());
                eldest.remove();
            }
        }
    }

    /** A 64-bit FNV-1a hash of sender, a separator and client_msg_id (a collision only costs a read). */
    static long hash(String senderId, String clientMsgId) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, senderId);
        h = (h ^ 0xff) * 0x100000001b3L;
        h = mix(h, clientMsgId);
        // a final avalanche, so that the low bits used by the table depend on every byte
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    private static long mix(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** An open-addressing set of longs (0 is kept apart, as the empty slot marker). */
    static final class LongSet {
        private long[] slots = new long[16];
        private int size;
        private boolean hasZero;

        boolean contains(long value) {
            if (value == 0) {
                return hasZero;
            }
            int mask = slots.length - 1;
            for (int i = (int) value & mask; ; i = (i + 1) & mask) {
                long slot = slots[i];
                if (slot == value) {
                    return true;
                }
                if (slot == 0) {
                    return false;
                }
            }
        }

        /** Returns false if it was there already. */
        boolean add(long value) {
            if (value == 0) {
                if (hasZero) {
                    return false;
                }
                hasZero = true;
                size++;
                return true;
            }
            if ((size + 1) * 4L > slots.length * 3L) {
                grow();
            }
            if (!insert(slots, value)) {
                return false;
            }
            size++;
            return true;
        }

        int size() {
            return size;
        }

        int capacity() {
            return slots.length;
        }

        private void grow() {
            long[] bigger = new long[slots.length * 2];
            for (long slot : slots) {
                if (slot != 0) {
                    insert(bigger, slot);
                }
            }
            slots = bigger;
        }

        private static boolean insert(long[] table, long value) {
            int mask = table.length - 1;
            for (int i = (int) value & mask; ; i = (i + 1) & mask) {
                if (table[i] == value) {
                    return false;
                }
                if (table[i] == 0) {
                    table[i] = value;
                    return true;
                }
            }
        }
    }
}
