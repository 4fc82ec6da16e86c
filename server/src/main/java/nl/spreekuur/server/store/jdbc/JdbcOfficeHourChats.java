package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.OfficeHourChats;

final class JdbcOfficeHourChats implements OfficeHourChats {
    private final Database db;

    JdbcOfficeHourChats(Database db) {
        this.db = db;
    }

    @Override
    public void link(Link link) {
        Objects.requireNonNull(link.conversationId(), "conversationId");
        Objects.requireNonNull(link.officeHourId(), "officeHourId");
        db.write(c -> Sql.update(c, "INSERT INTO office_hour_chats (conversation_id, office_hour_id, transcript_consent)"
                + " VALUES (?, ?, ?)", link.conversationId(), link.officeHourId(), link.transcriptConsent()));
    }

    @Override
    public Optional<Link> byConversation(String conversationId) {
        return db.run(c -> Sql.one(c, "SELECT conversation_id, office_hour_id, transcript_consent"
                + " FROM office_hour_chats WHERE conversation_id = ?", JdbcOfficeHourChats::map, conversationId));
    }

    @Override
    public void setTranscriptConsent(String conversationId, boolean consent) {
        int changed = db.write(c -> Sql.update(c, "UPDATE office_hour_chats SET transcript_consent = ?"
                + " WHERE conversation_id = ?", consent, conversationId));
        if (changed == 0) {
            throw new ConflictException("not an office-hour chat");
        }
    }

    private static Link map(ResultSet row) throws SQLException {
        return new Link(row.getString("conversation_id"), row.getString("office_hour_id"),
                row.getBoolean("transcript_consent"));
    }
}
