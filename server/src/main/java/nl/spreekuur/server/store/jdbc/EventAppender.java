package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations.AppendResult;
import nl.spreekuur.server.store.StoreBusyException;
import nl.spreekuur.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends conversation events in batches: one writer thread takes whatever is waiting (up to {@link #MAX_BATCH}),
 * stores it in one transaction and answers every caller once that transaction is durable. While it writes and
 * syncs, new appends gather for the next batch, so under load many messages share one commit and one sync.
 *
 * <p>Per batch and conversation there is one statement that reserves the seqs ({@link Dialect#advanceSeq}: an
 * atomic {@code last_seq + n} on the conversation row, which stays locked until commit, so nodes sharing a database
 * still get gap-free, unique seqs), and one JDBC batch inserts all events. Idempotency: on PostgreSQL the unique key
 * (conversation, sender, client_msg_id) decides: a retry of a stored message makes the batch fail, and the batch is
 * then appended one by one by the classic path, which answers the retry with the stored event. On the embedded store
 * {@link KnownClientIds} says which messages cannot be stored yet (nearly all), the others are looked up before the
 * seqs are reserved, and a retry is answered with the stored event. Retries within one batch are answered from the
 * batch itself. An ended conversation goes the classic way (it answers retries of stored messages and refuses new
 * ones).
 *
 * <p>Durable before answered: the batch is committed and then handed to the {@link HotPathLog} (the embedded
 * database's journal; nothing more on PostgreSQL, whose commit is durable); a second thread waits for the sync
 * and answers the callers, batch after batch in order, while the writer already stores the next batch. The
 * journal keeps the commit order, so what is on disk is always a prefix of what was committed.
 *
 * <p>Bounded: at most {@code capacity} appends wait; a full queue, or an append that waited longer than
 * {@code maxWait} before its batch started, is answered with {@link StoreBusyException} (UNAVAILABLE, nothing
 * written, retry with the same id) instead of queueing without bound.
 */
final class EventAppender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventAppender.class);

    static final int MAX_BATCH = 256;
    private static final String INSERT = "INSERT INTO conversation_events (conversation_id, seq, sender_id,"
            + " client_msg_id, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)";
    /** How long a caller waits beyond maxWait for a batch that is being written before it reports the store down. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** The classic one-at-a-time append (row lock, duplicate check, insert), for the cases a batch cannot take. */
    @FunctionalInterface
    interface SingleAppend {
        AppendResult append(String conversationId, ConversationEvent draft, Instant now);
    }

    /** Told the new last seq of each conversation after a batch is durable. */
    @FunctionalInterface
    interface AppendListener {
        void appended(String conversationId, long lastSeq);
    }

    private static final class Pending {
        final String conversationId;
        final ConversationEvent draft;
        final Instant now;
        final long enqueuedNanos = System.nanoTime();
        final CompletableFuture<AppendResult> result = new CompletableFuture<>();

        Pending(String conversationId, ConversationEvent draft, Instant now) {
            this.conversationId = conversationId;
            this.draft = draft;
            this.now = now;
        }

        String idempotencyKey() {
            return draft.getClientMsgId().isEmpty() ? null : draft.getSenderId() + "\u0000" + draft.getClientMsgId();
        }
    }

    private final Database db;
    private final HotPathLog log;
    private final Dialect dialect;
    /** The embedded store's idempotency filter, or null where the database's unique key decides. */
    private final KnownClientIds known;
    private final SingleAppend single;
    private final AppendListener listener;
    private final BlockingQueue<Pending> queue;
    private final long maxWaitNanos;
    private final Duration callerTimeout;
    private final Thread writer;
    /** One thread, so batches are acknowledged in the order they were written. */
    private final java.util.concurrent.ExecutorService acknowledger;
    private volatile boolean closing;

    EventAppender(Database db, HotPathLog log, Dialect dialect, KnownClientIds known, int capacity, Duration maxWait,
                  SingleAppend single, AppendListener listener) {
        this.db = db;
        this.log = log;
        this.dialect = dialect;
        this.known = known;
        this.single = single;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxWaitNanos = maxWait.toNanos();
        this.callerTimeout = maxWait.plus(WRITE_TIMEOUT);
        this.acknowledger = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "store-event-acks");
            thread.setDaemon(true);
            return thread;
        });
        this.writer = new Thread(this::run, "store-event-appender");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Stores the event and returns once it is durable.
     *
     * @throws StoreBusyException if too much is waiting (nothing written)
     * @throws ConflictException  if the conversation is ended or unknown
     * @throws StoreException     if the database failed
     */
    AppendResult append(String conversationId, ConversationEvent draft, Instant now) {
        if (closing) {
            throw new StoreException("store is closing");
        }
        Pending pending = new Pending(conversationId, draft, now);
        if (!queue.offer(pending)) {
            throw new StoreBusyException("too many messages waiting to be stored");
        }
        try {
            return pending.result.get(callerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new StoreException("append failed", e.getCause());
        } catch (TimeoutException e) {
            // It may still be written; a retry with the same client_msg_id is answered as a duplicate then.
            throw new StoreException("the store did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store");
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    write(admitted(batch));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(batch, new StoreException("store is closing"));
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("event appender failed: {}", e.getClass().getName());
                failAll(batch, new StoreException("append failed"));
            } finally {
                batch.clear();
            }
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, new StoreException("store is closing"));
    }

    /** Answers busy to whatever waited longer than {@code maxWait} before its batch started (nothing written). */
    private List<Pending> admitted(List<Pending> batch) {
        long now = System.nanoTime();
        List<Pending> admitted = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            if (now - pending.enqueuedNanos > maxWaitNanos) {
                pending.result.completeExceptionally(new StoreBusyException("the store is saturated"));
            } else {
                admitted.add(pending);
            }
        }
        return admitted;
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, List<Pending>> byConversation = new TreeMap<>();
        for (Pending pending : batch) {
            byConversation.computeIfAbsent(pending.conversationId, id -> new ArrayList<>()).add(pending);
        }
        List<Pending> oneByOne = new ArrayList<>();
        List<JournalRecord> records = new ArrayList<>();
        Map<Pending, AppendResult> stored;
        long position = 0;
        try {
            stored = db.transactionJournaled(c -> {
                oneByOne.clear();
                records.clear();
                return insert(c, byConversation, oneByOne, records);
            });
            position = log.appendLater(records);
        } catch (ConflictException duplicateKey) {
            // A retry of an already stored message: let the classic path find it (and store the rest).
            stored = Map.of();
            oneByOne.clear();
            oneByOne.addAll(batch);
        } catch (RuntimeException failure) {
            failAll(batch, failure);
            return;
        }
        Map<Pending, AppendResult> committed = stored;
        long durableAt = position;
        acknowledger.execute(() -> acknowledge(committed, durableAt));
        for (Pending pending : oneByOne) {
            try {
                pending.result.complete(single.append(pending.conversationId, pending.draft, pending.now));
            } catch (RuntimeException failure) {
                pending.result.completeExceptionally(failure);
            }
        }
    }

    /**
     * Runs on the acknowledger thread, in batch order: waits until the batch's journal records are durable, then
     * updates the cache and answers the callers. Meanwhile the writer prepares the next batch.
     */
    private void acknowledge(Map<Pending, AppendResult> stored, long position) {
        if (stored.isEmpty()) {
            return;
        }
        try {
            log.awaitDurable(position);
        } catch (RuntimeException failure) {
            stored.keySet().forEach(pending -> pending.result.completeExceptionally(failure));
            return;
        }
        Map<String, Long> lastSeqs = new HashMap<>();
        stored.forEach((pending, result) -> lastSeqs.merge(pending.conversationId, result.event().getSeq(), Math::max));
        lastSeqs.forEach(listener::appended);
        stored.forEach((pending, result) -> pending.result.complete(result));
    }

    /**
     * Reserves seqs and inserts the batch's events; conversations that cannot take them (ended, unknown) are left
     * to the classic path. Conversations are visited in id order so that concurrent writers lock rows in one order.
     */
    private Map<Pending, AppendResult> insert(Connection c, Map<String, List<Pending>> byConversation,
                                              List<Pending> oneByOne, List<JournalRecord> records) throws SQLException {
        Map<Pending, AppendResult> results = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<String, List<Pending>> entry : byConversation.entrySet()) {
            String conversationId = entry.getKey();
            Map<String, Pending> firstOfKey = new HashMap<>();
            List<Pending> fresh = new ArrayList<>();
            List<Pending> repeats = new ArrayList<>();
            for (Pending pending : entry.getValue()) {
                String key = pending.idempotencyKey();
                if (key != null && firstOfKey.putIfAbsent(key, pending) != null) {
                    repeats.add(pending);
                } else {
                    fresh.add(pending);
                }
            }
            if (known != null) {
                fresh = notStored(c, conversationId, fresh, results);
            }
            if (fresh.isEmpty()) {
                answerRepeats(repeats, firstOfKey, results);
                continue;
            }
            OptionalLong reserved = advance(c, conversationId, fresh.size());
            if (reserved.isEmpty()) {
                oneByOne.addAll(entry.getValue());
                results.keySet().removeAll(entry.getValue());
                continue;
            }
            long seq = reserved.getAsLong() - fresh.size();
            for (Pending pending : fresh) {
                seq++;
                Instant sentAt = Times.truncate(pending.now);
                ConversationEvent body = pending.draft.toBuilder().clearSeq().clearSentAt()
                        .setConversationId(conversationId).build();
                byte[] payload = JdbcConversations.payload(body);
                rows.add(new Object[] {conversationId, seq, body.getSenderId(), Ids.emptyToNull(body.getClientMsgId()),
                        sentAt, payload});
                if (known != null && !body.getClientMsgId().isEmpty()) {
                    known.added(conversationId, body.getSenderId(), body.getClientMsgId());
                }
                records.add(new JournalRecord.Event(conversationId, seq, body.getSenderId(),
                        Ids.emptyToNull(body.getClientMsgId()), sentAt, payload));
                results.put(pending, new AppendResult(body.toBuilder().setSeq(seq)
                        .setSentAt(Times.toProto(sentAt)).build(), false));
            }
            answerRepeats(repeats, firstOfKey, results);
        }
        Sql.batch(c, INSERT, rows);
        return results;
    }

    private static void answerRepeats(List<Pending> repeats, Map<String, Pending> firstOfKey,
                                      Map<Pending, AppendResult> results) {
        for (Pending repeat : repeats) {
            AppendResult original = results.get(firstOfKey.get(repeat.idempotencyKey()));
            results.put(repeat, new AppendResult(original.event(), true));
        }
    }

    /**
     * The embedded store's duplicate check: answers the retries of stored messages from the stored event (into
     * {@code results}) and returns the rest. Only what the filter cannot rule out is read.
     */
    private List<Pending> notStored(Connection c, String conversationId, List<Pending> fresh,
                                    Map<Pending, AppendResult> results) throws SQLException {
        List<Pending> rest = new ArrayList<>(fresh.size());
        for (Pending pending : fresh) {
            String clientMsgId = pending.draft.getClientMsgId();
            String senderId = pending.draft.getSenderId();
            if (!clientMsgId.isEmpty() && known.mayHave(c, conversationId, senderId, clientMsgId)) {
                var stored = JdbcConversations.findByClientMsgId(c, conversationId, senderId, clientMsgId);
                if (stored.isPresent()) {
                    results.put(pending, new AppendResult(stored.get(), true));
                    continue;
                }
            }
            rest.add(pending);
        }
        return rest;
    }

    private OptionalLong advance(Connection c, String conversationId, int count) throws SQLException {
        return Sql.one(c, dialect.advanceSeq(), row -> row.getLong(1), (long) count, conversationId)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static void failAll(List<Pending> pendings, RuntimeException failure) {
        for (Pending pending : pendings) {
            pending.result.completeExceptionally(failure);
        }
    }

    /** Writes what is waiting, then stops; appends arriving after this are refused. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(callerTimeout.toMillis());
            acknowledger.shutdown();
            acknowledger.awaitTermination(callerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
