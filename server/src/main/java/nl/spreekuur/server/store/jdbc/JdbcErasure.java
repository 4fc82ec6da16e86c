package nl.spreekuur.server.store.jdbc;

import java.time.Instant;
import nl.spreekuur.server.store.Erasure;

final class JdbcErasure implements Erasure {
    /** Not an Argon2 hash: no password verifies against it. */
    static final String NO_PASSWORD = "!deleted";

    private final Database db;
    private final ConversationCache cache;

    JdbcErasure(Database db, ConversationCache cache) {
        this.db = db;
        this.cache = cache;
    }

    @Override
    public void officeHourChatLinks(String conversationId) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM internal_notes WHERE conversation_id = ?", conversationId);
            Sql.update(c, "DELETE FROM queue_entries WHERE conversation_id = ?", conversationId);
            Sql.update(c, "DELETE FROM chat_ratings WHERE conversation_id = ?", conversationId);
            Sql.update(c, "DELETE FROM office_hour_chats WHERE conversation_id = ?", conversationId);
            return null;
        });
    }

    @Override
    public boolean pseudonymiseAccount(String accountId) {
        return db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE accounts SET username = ?, display_name = '', password_hash = ?,"
                    + " roles = '', disabled = TRUE WHERE id = ?", "deleted-" + accountId, NO_PASSWORD, accountId);
            if (changed == 0) {
                return false;
            }
            Sql.update(c, "DELETE FROM staff_recovery_codes WHERE account_id = ?", accountId);
            Sql.update(c, "DELETE FROM staff_second_factors WHERE account_id = ?", accountId);
            Sql.update(c, "DELETE FROM canned_responses WHERE owner_id = ?", accountId);
            Sql.update(c, "DELETE FROM office_hour_duty WHERE account_id = ?", accountId);
            return true;
        });
    }

    @Override
    public void pseudonymiseRoomMember(String memberId, String conversationId, String principalId, String pseudonym,
                                       Instant now) {
        db.transaction(c -> {
            Sql.update(c, "UPDATE room_members SET nickname = ? WHERE id = ?", pseudonym, memberId);
            Sql.update(c, "UPDATE room_members SET end_status = 'MEMBER_REMOVED', ended_at = ?"
                    + " WHERE id = ? AND end_status IS NULL", now, memberId);
            Sql.update(c, "UPDATE participants SET display_name = ? WHERE conversation_id = ? AND principal_id = ?",
                    pseudonym, conversationId, principalId);
            // the rooms' people tables: the knock and private talks under that nickname, and what is kept about
            // the member's presence, breaks and meeting answers
            Sql.update(c, "UPDATE participants SET display_name = ? WHERE principal_id = ? AND conversation_id IN"
                    + " (SELECT conversation_id FROM room_private_talks WHERE member_principal_id = ?)",
                    pseudonym, principalId, principalId);
            Sql.update(c, "UPDATE room_private_talks SET nickname = ? WHERE member_principal_id = ?", pseudonym,
                    principalId);
            Sql.update(c, "UPDATE room_knocks SET nickname = ? WHERE principal_id = ?", pseudonym, principalId);
            Sql.update(c, "DELETE FROM room_meeting_answers WHERE principal_id = ?", principalId);
            Sql.update(c, "DELETE FROM room_member_seen WHERE principal_id = ?", principalId);
            Sql.update(c, "DELETE FROM room_member_breaks WHERE principal_id = ?", principalId);
            Sql.update(c, "DELETE FROM room_member_prefs WHERE principal_id = ?", principalId);
            return null;
        });
        cache.participantChanged(conversationId, principalId);
    }
}
