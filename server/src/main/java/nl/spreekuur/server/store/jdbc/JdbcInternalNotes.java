package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import nl.spreekuur.server.store.InternalNotes;

final class JdbcInternalNotes implements InternalNotes {

    private final Database db;

    JdbcInternalNotes(Database db) {
        this.db = db;
    }

    @Override
    public void add(Note note) {
        Objects.requireNonNull(note.conversationId(), "conversationId");
        Objects.requireNonNull(note.authorId(), "authorId");
        Objects.requireNonNull(note.text(), "text");
        Objects.requireNonNull(note.createdAt(), "createdAt");
        db.run(c -> Sql.update(c, "INSERT INTO internal_notes (conversation_id, author_id, author_name, body,"
                        + " created_at) VALUES (?, ?, ?, ?, ?)", note.conversationId(), note.authorId(),
                Ids.nullToEmpty(note.authorName()), note.text(), note.createdAt()));
    }

    @Override
    public List<Note> of(String conversationId) {
        return db.run(c -> Sql.list(c, "SELECT conversation_id, author_id, author_name, body, created_at"
                + " FROM internal_notes WHERE conversation_id = ? ORDER BY created_at, id",
                JdbcInternalNotes::map, conversationId));
    }

    @Override
    public int deleteOf(List<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return 0;
        }
        return db.run(c -> Sql.update(c, "DELETE FROM internal_notes WHERE conversation_id IN ("
                + Sql.placeholders(conversationIds.size()) + ")", conversationIds.toArray()));
    }

    private static Note map(ResultSet row) throws SQLException {
        return new Note(row.getString("conversation_id"), row.getString("author_id"), row.getString("author_name"),
                row.getString("body"), Times.read(row, "created_at"));
    }
}
