package nl.spreekuur.server.store.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ReceiptKind;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.StoreException;

/**
 * Conversations, their events and participants. Appends go through the {@link EventAppender} (batched, seqs
 * reserved atomically on the conversation row); every other change that depends on the conversation's state (end,
 * purge, join, and the appender's one-by-one fallback) first locks the conversation row with SELECT ... FOR UPDATE.
 * Either way changes serialise per conversation: seq is gap-free, and the idempotency check cannot race with a
 * concurrent append of the same client_msg_id. Rows read for access checks come from the {@link ConversationCache}.
 */
final class JdbcConversations implements Conversations, AutoCloseable {

    private static final String CONVERSATION_COLUMNS = "id, organisation_id, kind, owner_capability, owner_id,"
            + " epoch, first_seq, last_seq, end_reason, created_at, ended_at, purge_after";
    private static final String PARTICIPANT_COLUMNS = "conversation_id, participant_id, principal_id, role,"
            + " display_name, joined_at, left_at, delivered_seq, read_seq, member_since_seq";
    private static final String EVENT_COLUMNS = "seq, sender_id, client_msg_id, created_at, payload";

    private final Database db;
    private final StoreGeneration generation;
    private final ConversationCache cache;
    private final EventAppender appender;
    private final LongAdder appends = new LongAdder();
    /** The embedded store's idempotency filter; null on PostgreSQL, where the unique key decides. */
    private final KnownClientIds known;

    private final HotPathLog log;

    JdbcConversations(Database db, HotPathLog log, StoreGeneration generation, Dialect dialect, ConversationCache cache,
                      int appendQueueCapacity, java.time.Duration appendMaxWait) {
        this.db = db;
        this.cache = cache;
        this.log = log;
        this.generation = generation;
        this.known = dialect == Dialect.H2 ? new KnownClientIds(JdbcConversations::loadClientIds,
                KnownClientIds.maxSlotsForHeap(Runtime.getRuntime().maxMemory())) : null;
        this.appender = new EventAppender(db, log, dialect, known, appendQueueCapacity, appendMaxWait,
                this::appendAlone, cache::appended);
    }

    /** The cache, for other stores of this package that change participant rows (erasure). */
    ConversationCache cache() {
        return cache;
    }

    @Override
    public void close() {
        appender.close();
    }

    @Override
    public Conversation create(String organisationId, ConversationKind kind, Owner owner, Instant now) {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(kind, "kind");
        Conversation conversation = new Conversation(Ids.newId(), organisationId, kind, owner, Ids.newEpoch(),
                1, 0, true, EndReason.END_REASON_UNSPECIFIED, Times.truncate(now), null, null);
        db.write(c -> Sql.update(c, "INSERT INTO conversations (id, organisation_id, kind, owner_capability, owner_id,"
                        + " epoch, first_seq, last_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                conversation.id(), organisationId, kind, owner == null ? null : owner.capability(),
                owner == null ? null : owner.id(), conversation.epoch(), 1L, 0L, conversation.createdAt()));
        return conversation;
    }

    @Override
    public Optional<Conversation> byId(String id) {
        return cache.conversation(id, () -> db.run(c -> Sql.one(c, "SELECT " + CONVERSATION_COLUMNS
                + " FROM conversations WHERE id = ?", this::mapConversation, id)));
    }

    /**
     * An idempotent retry is answered with the stored event even after the conversation ended, so a client that
     * lost the ack still learns its message arrived; a new event for an ended conversation is refused.
     *
     * @throws nl.spreekuur.server.store.StoreBusyException if too many appends are waiting (nothing written)
     */
    @Override
    public AppendResult append(String conversationId, ConversationEvent draft, Instant now) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(draft, "draft");
        appends.increment();
        return appender.append(conversationId, draft, now);
    }

    /** How many appends were asked for since the store opened (a quiet store asks for none). */
    long appendsSeen() {
        return appends.sum();
    }

    /** One append in its own transaction: row lock, duplicate check, insert (the appender's fallback). */
    private AppendResult appendAlone(String conversationId, ConversationEvent draft, Instant now) {
        String clientMsgId = Ids.emptyToNull(draft.getClientMsgId());
        try {
            AppendResult result = db.transaction(c -> {
                Conversation conversation = lock(c, conversationId)
                        .orElseThrow(() -> new ConflictException("unknown conversation"));
                if (clientMsgId != null) {
                    Optional<ConversationEvent> stored = findByClientMsgId(c, conversationId, draft.getSenderId(),
                            clientMsgId);
                    if (stored.isPresent()) {
                        return new AppendResult(stored.get(), true);
                    }
                }
                if (!conversation.open()) {
                    throw new ConflictException("conversation ended");
                }
                if (known != null && clientMsgId != null) {
                    known.added(conversationId, draft.getSenderId(), clientMsgId);
                }
                return new AppendResult(insertEvent(c, conversation, draft, now), false);
            });
            cache.appended(conversationId, result.event().getSeq());
            return result;
        } catch (ConflictException e) {
            // The row lock makes a concurrent duplicate impossible, but should the unique key still fire (e.g. a
            // second writer outside this class), the retry is answered from the stored event all the same.
            if (clientMsgId == null) {
                throw e;
            }
            return db.run(c -> findByClientMsgId(c, conversationId, draft.getSenderId(), clientMsgId))
                    .map(event -> new AppendResult(event, true))
                    .orElseThrow(() -> e);
        }
    }

    @Override
    public Optional<ConversationEvent> end(String conversationId, ConversationEvent endedEvent, EndReason reason,
                                           Instant now, Instant purgeAfter) {
        Objects.requireNonNull(endedEvent, "endedEvent");
        Objects.requireNonNull(reason, "reason");
        if (!endedEvent.getClientMsgId().isEmpty()) {
            // only the appender inserts events with a client_msg_id (KnownClientIds relies on it)
            throw new IllegalArgumentException("an ended event has no client_msg_id");
        }
        Optional<ConversationEvent> ended = db.transaction(c -> {
            Conversation conversation = lock(c, conversationId)
                    .orElseThrow(() -> new ConflictException("unknown conversation"));
            if (!conversation.open()) {
                return Optional.empty();
            }
            ConversationEvent stored = insertEvent(c, conversation, endedEvent, now);
            Sql.update(c, "UPDATE conversations SET ended_at = ?, end_reason = ?, purge_after = ? WHERE id = ?",
                    now, reason, purgeAfter, conversationId);
            return Optional.of(stored);
        });
        cache.conversationChanged(conversationId);
        return ended;
    }

    @Override
    public boolean replaceStored(ConversationEvent replacement) {
        return db.write(c -> Sql.update(c, "UPDATE conversation_events SET payload = ?"
                        + " WHERE conversation_id = ? AND seq = ?", payload(replacement),
                replacement.getConversationId(), replacement.getSeq())) == 1;
    }

    @Override
    public List<ConversationEvent> eventsAfter(String conversationId, long afterSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.run(c -> Sql.list(c, "SELECT " + EVENT_COLUMNS + " FROM conversation_events"
                        + " WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                row -> mapEvent(conversationId, row), conversationId, afterSeq, limit));
    }

    @Override
    public List<ConversationEvent> eventsBefore(String conversationId, long beforeSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        long bound = beforeSeq <= 0 ? Long.MAX_VALUE : beforeSeq;
        return db.run(c -> Sql.list(c, "SELECT " + EVENT_COLUMNS + " FROM conversation_events"
                        + " WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                row -> mapEvent(conversationId, row), conversationId, bound, limit));
    }

    @Override
    public void schedulePurge(String conversationId, Instant purgeAfter) {
        int changed = db.write(c -> Sql.update(c, "UPDATE conversations SET purge_after = ? WHERE id = ?",
                purgeAfter, conversationId));
        cache.conversationChanged(conversationId);
        requireFound(changed);
    }

    @Override
    public List<String> purgeDue(Instant now) {
        List<String> due = db.run(c -> Sql.list(c, "SELECT id FROM conversations"
                + " WHERE purge_after IS NOT NULL AND purge_after <= ? ORDER BY purge_after, id", row -> row.getString(1), now));
        List<String> purged = new ArrayList<>();
        for (String id : due) {
            // One transaction per conversation: a large backlog never holds many locks at once.
            boolean done = db.transaction(c -> purge(c, id, now));
            cache.conversationChanged(id);
            cache.participantsChanged(id);
            if (done) {
                purged.add(id);
            }
        }
        return purged;
    }

    @Override
    public int purgeBefore(String conversationId, Instant cutoff) {
        int deleted = db.transaction(c -> {
            if (lock(c, conversationId).isEmpty()) {
                return 0;
            }
            long upTo = Sql.count(c, "SELECT COALESCE(MAX(seq), 0) FROM conversation_events"
                    + " WHERE conversation_id = ? AND created_at < ?", conversationId, cutoff);
            if (upTo == 0) {
                return 0;
            }
            int count = Sql.update(c, "DELETE FROM conversation_events WHERE conversation_id = ? AND seq <= ?",
                    conversationId, upTo);
            Sql.update(c, "UPDATE conversations SET first_seq = ? WHERE id = ? AND first_seq <= ?",
                    upTo + 1, conversationId, upTo);
            return count;
        });
        if (deleted > 0) {
            cache.conversationChanged(conversationId);
        }
        return deleted;
    }

    @Override
    public boolean delete(String conversationId) {
        boolean deleted = db.transaction(c -> {
            if (lock(c, conversationId).isEmpty()) {
                return false;
            }
            Sql.update(c, "DELETE FROM conversation_events WHERE conversation_id = ?", conversationId);
            Sql.update(c, "DELETE FROM participants WHERE conversation_id = ?", conversationId);
            Sql.update(c, "DELETE FROM conversations WHERE id = ?", conversationId);
            return true;
        });
        cache.conversationChanged(conversationId);
        cache.participantsChanged(conversationId);
        return deleted;
    }

    private boolean purge(Connection c, String conversationId, Instant now) throws SQLException {
        Optional<Conversation> locked = lock(c, conversationId);
        // Checked again under the lock: another node may have purged it, or the purge may have been rescheduled.
        if (locked.isEmpty() || locked.get().purgeAfter() == null || locked.get().purgeAfter().isAfter(now)) {
            return false;
        }
        Sql.update(c, "DELETE FROM conversation_events WHERE conversation_id = ?", conversationId);
        Sql.update(c, "UPDATE conversations SET first_seq = last_seq + 1, purge_after = NULL WHERE id = ?",
                conversationId);
        Sql.update(c, "UPDATE participants SET display_name = ? WHERE conversation_id = ?", JdbcStore.PURGED_DISPLAY_NAME,
                conversationId);
        return true;
    }

    // --- participants ---

    @Override
    public Participant join(String conversationId, String principalId, ParticipantRole role, String displayName,
                            Instant now) {
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(role, "role");
        String name = Ids.nullToEmpty(displayName);
        Participant joined = db.transaction(c -> {
            Conversation conversation = lock(c, conversationId)
                    .orElseThrow(() -> new ConflictException("unknown conversation"));
            long joinOrder = Sql.count(c, "SELECT COALESCE(MAX(join_order), 0) + 1 FROM participants"
                    + " WHERE conversation_id = ?", conversationId);
            Optional<Participant> existing = findParticipant(c, conversationId, principalId);
            if (existing.isEmpty()) {
                Sql.update(c, "INSERT INTO participants (conversation_id, principal_id, participant_id, role,"
                                + " display_name, join_order, joined_at, delivered_seq, read_seq, member_since_seq)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        conversationId, principalId, Ids.newId(), role, name, joinOrder, now, 0L, 0L,
                        conversation.lastSeq());
            } else if (!existing.get().isActive()) {
                // Re-joining keeps the participant id (others recognise them) but moves them to the end of the order
                // and starts a new membership: their earlier "left" events are history from now on.
                Sql.update(c, "UPDATE participants SET role = ?, display_name = ?, join_order = ?, joined_at = ?,"
                                + " left_at = NULL, member_since_seq = ? WHERE conversation_id = ? AND principal_id = ?",
                        role, name, joinOrder, now, conversation.lastSeq(), conversationId, principalId);
            } else {
                Sql.update(c, "UPDATE participants SET role = ?, display_name = ?"
                        + " WHERE conversation_id = ? AND principal_id = ?", role, name, conversationId, principalId);
            }
            return findParticipant(c, conversationId, principalId).orElseThrow();
        });
        cache.participantChanged(conversationId, principalId);
        return joined;
    }

    @Override
    public boolean leave(String conversationId, String principalId, Instant now) {
        int changed = db.write(c -> Sql.update(c, "UPDATE participants SET left_at = ?"
                + " WHERE conversation_id = ? AND principal_id = ? AND left_at IS NULL",
                now, conversationId, principalId));
        cache.participantChanged(conversationId, principalId);
        return changed == 1;
    }

    @Override
    public Optional<Participant> participant(String conversationId, String principalId) {
        return cache.participant(conversationId, principalId,
                () -> db.run(c -> findParticipant(c, conversationId, principalId)));
    }

    @Override
    public List<Participant> participants(String conversationId) {
        return db.run(c -> Sql.list(c, "SELECT " + PARTICIPANT_COLUMNS + " FROM participants"
                        + " WHERE conversation_id = ? AND left_at IS NULL ORDER BY join_order",
                JdbcConversations::mapParticipant, conversationId));
    }

    /**
     * Positions are capped at the conversation's last seq: a client cannot claim to have read what does not
     * exist yet (which would hide later messages from its unread count).
     */
    @Override
    public long updateReceipt(String conversationId, String principalId, ReceiptKind kind, long upToSeq) {
        String column = switch (kind) {
            case DELIVERED -> "delivered_seq";
            case READ -> "read_seq";
            default -> throw new IllegalArgumentException("receipt kind " + kind);
        };
        long value = db.transactionJournaled(c -> {
            int changed = Sql.update(c, "UPDATE participants SET " + column + " = GREATEST(" + column + ","
                            + " LEAST(?, (SELECT last_seq FROM conversations WHERE id = ?)))"
                            + " WHERE conversation_id = ? AND principal_id = ?",
                    upToSeq, conversationId, conversationId, principalId);
            if (changed == 0) {
                throw new ConflictException("not a participant");
            }
            return Sql.count(c, "SELECT " + column + " FROM participants WHERE conversation_id = ? AND principal_id = ?",
                    conversationId, principalId);
        });
        log.append(List.of(new JournalRecord.Receipt(conversationId, principalId, kind, value)));
        cache.receiptMoved(conversationId, principalId, kind, value);
        return value;
    }

    /** Every epoch changes with a new generation: cached conversations are read again. */
    void generationChanged() {
        cache.clear();
    }

    @Override
    public List<Conversation> openConversationsOf(String principalId) {
        return db.run(c -> Sql.list(c, "SELECT " + prefixed("c.", CONVERSATION_COLUMNS)
                        + " FROM conversations c JOIN participants p ON p.conversation_id = c.id"
                        + " WHERE p.principal_id = ? AND p.left_at IS NULL AND c.ended_at IS NULL"
                        + " ORDER BY c.created_at, c.id",
                this::mapConversation, principalId));
    }

    // --- internals ---

    private Optional<Conversation> lock(Connection c, String conversationId) throws SQLException {
        return Sql.one(c, "SELECT " + CONVERSATION_COLUMNS + " FROM conversations WHERE id = ? FOR UPDATE",
                this::mapConversation, conversationId);
    }

    /** Stores the event as seq last_seq + 1; the caller holds the conversation row lock. */
    private static ConversationEvent insertEvent(Connection c, Conversation conversation, ConversationEvent draft,
                                                 Instant now) throws SQLException {
        long seq = conversation.lastSeq() + 1;
        Instant sentAt = Times.truncate(now);
        ConversationEvent body = draft.toBuilder()
                .clearSeq()
                .clearSentAt()
                .setConversationId(conversation.id())
                .build();
        Sql.update(c, "INSERT INTO conversation_events (conversation_id, seq, sender_id, client_msg_id, created_at,"
                        + " payload) VALUES (?, ?, ?, ?, ?, ?)",
                conversation.id(), seq, body.getSenderId(), Ids.emptyToNull(body.getClientMsgId()), sentAt,
                payload(body));
        Sql.update(c, "UPDATE conversations SET last_seq = ? WHERE id = ?", seq, conversation.id());
        return body.toBuilder().setSeq(seq).setSentAt(Times.toProto(sentAt)).build();
    }

    /** The stored event of this sender with this client_msg_id (on H2 a scan of the conversation's events). */
    static Optional<ConversationEvent> findByClientMsgId(Connection c, String conversationId, String senderId,
                                                         String clientMsgId) throws SQLException {
        return Sql.one(c, "SELECT " + EVENT_COLUMNS + " FROM conversation_events"
                        + " WHERE conversation_id = ? AND sender_id = ? AND client_msg_id = ?",
                row -> mapEvent(conversationId, row), conversationId, senderId, clientMsgId);
    }

    /** Every (sender, client_msg_id) of the conversation's stored events, for {@link KnownClientIds}. */
    private static void loadClientIds(Connection c, String conversationId, KnownClientIds.PairSink sink)
            throws SQLException {
        Sql.each(c, "SELECT sender_id, client_msg_id FROM conversation_events"
                        + " WHERE conversation_id = ? AND client_msg_id IS NOT NULL",
                row -> sink.accept(row.getString(1), row.getString(2)), conversationId);
    }

    private static Optional<Participant> findParticipant(Connection c, String conversationId, String principalId)
            throws SQLException {
        return Sql.one(c, "SELECT " + PARTICIPANT_COLUMNS + " FROM participants"
                        + " WHERE conversation_id = ? AND principal_id = ?",
                JdbcConversations::mapParticipant, conversationId, principalId);
    }

    private static void requireFound(int changed) {
        if (changed == 0) {
            throw new ConflictException("unknown conversation");
        }
    }

    private static String prefixed(String prefix, String columns) {
        return prefix + columns.replace(", ", ", " + prefix);
    }

    /**
     * What the payload column holds: the event without what its own columns hold (conversation id, seq, sender id,
     * client_msg_id, time), so each is on disk once. Rows written before this kept them in the payload too; the
     * columns are equal, so reading sets the same values either way.
     */
    static byte[] payload(ConversationEvent event) {
        return event.toBuilder().clearConversationId().clearSeq().clearSentAt().clearSenderId().clearClientMsgId()
                .build().toByteArray();
    }

    private static ConversationEvent mapEvent(String conversationId, ResultSet row) throws SQLException {
        try {
            return ConversationEvent.parseFrom(row.getBytes("payload")).toBuilder()
                    .setConversationId(conversationId)
                    .setSenderId(row.getString("sender_id"))
                    .setClientMsgId(Ids.nullToEmpty(row.getString("client_msg_id")))
                    .setSeq(row.getLong("seq"))
                    .setSentAt(Times.toProto(Times.read(row, "created_at")))
                    .build();
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("stored event cannot be decoded", e);
        }
    }

    private Conversation mapConversation(ResultSet row) throws SQLException {
        String endReason = row.getString("end_reason");
        Instant endedAt = Times.read(row, "ended_at");
        String ownerCapability = row.getString("owner_capability");
        Owner owner = ownerCapability == null ? null : new Owner(ownerCapability, row.getString("owner_id"));
        return new Conversation(row.getString("id"), row.getString("organisation_id"),
                ConversationKind.valueOf(row.getString("kind")), owner,
                generation.epoch(row.getString("epoch")), row.getLong("first_seq"), row.getLong("last_seq"), endedAt == null,
                endReason == null ? EndReason.END_REASON_UNSPECIFIED : EndReason.valueOf(endReason),
                Times.read(row, "created_at"), endedAt, Times.read(row, "purge_after"));
    }

    private static Participant mapParticipant(ResultSet row) throws SQLException {
        return new Participant(row.getString("conversation_id"), row.getString("participant_id"),
                row.getString("principal_id"), ParticipantRole.valueOf(row.getString("role")),
                row.getString("display_name"), Times.read(row, "joined_at"), Times.read(row, "left_at"),
                row.getLong("delivered_seq"), row.getLong("read_seq"), row.getLong("member_since_seq"));
    }
}
