package nl.spreekuur.server.store.jdbc;

import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash of the embedded database: re-applies the journal's records that the database file lost, makes the
 * result durable, and deletes the journal. Idempotent (an event already stored, or purged since, is skipped; a
 * receipt position only ever rises), so a crash during replay is repaired by the next one.
 */
final class JournalReplay {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);

    private JournalReplay() {
    }

    static void run(Path dir, JournalSeal seal, Database db, Durability durability) {
        List<JournalRecord> records = Journal.readAll(dir, seal);
        if (!records.isEmpty()) {
            int restored = db.transactionJournaled(c -> {
                int count = 0;
                for (JournalRecord record : records) {
                    if (record instanceof JournalRecord.Event e) {
                        count += restoreEvent(c, e);
                    } else if (record instanceof JournalRecord.Session session) {
                        count += Sql.update(c, "INSERT INTO sessions (id, token_hash, kind, account_id,"
                                        + " organisation_id, created_at, expires_at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT"
                                        + " EXISTS (SELECT 1 FROM sessions WHERE id = ?)", session.id(),
                                session.tokenHash(), session.kind(), session.accountId(), session.organisationId(),
                                session.createdAt(), session.expiresAt(), session.id());
                    } else if (record instanceof JournalRecord.Receipt r) {
                        count += Sql.update(c, "UPDATE participants SET " + column(r) + " = GREATEST(" + column(r)
                                + ", ?) WHERE conversation_id = ? AND principal_id = ?", r.value(), r.conversationId(),
                                r.principalId());
                    }
                }
                return count;
            });
            durability.awaitDurable();
            LOG.info("journal replayed: {} record(s), {} change(s) restored", records.size(), restored);
        }
        Journal.deleteAll(dir);
    }

    /** Inserts the event unless it is there or was purged since (seq before first_seq), and raises last_seq. */
    private static int restoreEvent(java.sql.Connection c, JournalRecord.Event e) throws java.sql.SQLException {
        int inserted = Sql.update(c, "INSERT INTO conversation_events (conversation_id, seq, sender_id, client_msg_id,"
                        + " created_at, payload) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM"
                        + " conversation_events WHERE conversation_id = ? AND seq = ?) AND EXISTS (SELECT 1 FROM"
                        + " conversations WHERE id = ? AND first_seq <= ?)",
                e.conversationId(), e.seq(), e.senderId(), e.clientMsgId(), e.createdAt(), e.payload(),
                e.conversationId(), e.seq(), e.conversationId(), e.seq());
        Sql.update(c, "UPDATE conversations SET last_seq = GREATEST(last_seq, ?) WHERE id = ? AND first_seq <= ?",
                e.seq(), e.conversationId(), e.seq());
        return inserted;
    }

    private static String column(JournalRecord.Receipt r) {
        return switch (r.kind()) {
            case DELIVERED -> "delivered_seq";
            case READ -> "read_seq";
            default -> throw new IllegalStateException("receipt kind " + r.kind());
        };
    }
}
