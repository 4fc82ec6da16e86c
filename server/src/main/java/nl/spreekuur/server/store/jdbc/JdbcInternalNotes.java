package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
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
        Objects.requireNonNull(note.text(), "text");
        db.write(c -> Sql.update(c, "INSERT INTO internal_notes (id, conversation_id, author_id, author_name, body,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?)", Ids.newId(), note.conversationId(),
                note.authorId(), Ids.nullToEmpty(note.authorName()), note.text(), Times.truncate(note.createdAt())));
    }

    @Override
    public List<Note> of(String conversationId) {
        return db.run(c -> Sql.list(c, "SELECT conversation_id, author_id, author_name, body, created_at"
                + " FROM internal_notes WHERE conversation_id = ? ORDER BY created_at, id", JdbcInternalNotes::map,
                conversationId));
    }

    @Override
    public int deleteOf(List<String> conversationIds) {
        if (conversationIds.isEmpty()) {
            return 0;
        }
        String placeholders = String.join(", ", Collections.nCopies(conversationIds.size(), "?"));
        return db.write(c -> Sql.update(c, "DELETE FROM internal_notes WHERE conversation_id IN (" + placeholders + ")",
                conversationIds.toArray()));
    }

    private static Note map(ResultSet row) throws SQLException {
        return new Note(row.getString("conversation_id"), row.getString("author_id"), row.getString("author_name"),
                row.getString("body"), Times.read(row, "created_at"));
    }
}
