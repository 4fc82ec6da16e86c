package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.server.store.CannedResponses;

final class JdbcCannedResponses implements CannedResponses {
    private static final String COLUMNS = "id, organisation_id, owner_id, code, title, body, updated_at";

    private final Database db;

    JdbcCannedResponses(Database db) {
        this.db = db;
    }

    @Override
    public Response create(String organisationId, String ownerId, String code, String title, String text,
                           Instant now) {
        Response response = new Response(Ids.newId(), organisationId, Ids.emptyToNull(ownerId), code, title, text,
                Times.truncate(now));
        db.write(c -> Sql.update(c, "INSERT INTO canned_responses (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                response.id(), organisationId, Ids.nullToEmpty(ownerId), code, title, text, response.updatedAt()));
        return response;
    }

    @Override
    public boolean update(String id, String code, String title, String text, Instant now) {
        return db.write(c -> Sql.update(c, "UPDATE canned_responses SET code = ?, title = ?, body = ?, updated_at = ?"
                + " WHERE id = ?", code, title, text, Times.truncate(now), id)) > 0;
    }

    @Override
    public Optional<Response> byId(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM canned_responses WHERE id = ?",
                JdbcCannedResponses::map, id));
    }

    @Override
    public List<Response> visibleTo(String organisationId, String accountId) {
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM canned_responses"
                        + " WHERE organisation_id = ? AND owner_id IN ('', ?)"
                        + " ORDER BY CASE WHEN owner_id = '' THEN 1 ELSE 0 END, code",
                JdbcCannedResponses::map, organisationId, accountId));
    }

    @Override
    public int count(String organisationId, String ownerId) {
        return db.run(c -> (int) Sql.count(c, "SELECT COUNT(*) FROM canned_responses"
                + " WHERE organisation_id = ? AND owner_id = ?", organisationId, Ids.nullToEmpty(ownerId)));
    }

    @Override
    public boolean delete(String id) {
        return db.write(c -> Sql.update(c, "DELETE FROM canned_responses WHERE id = ?", id)) > 0;
    }

    private static Response map(ResultSet row) throws SQLException {
        return new Response(row.getString("id"), row.getString("organisation_id"),
                Ids.emptyToNull(row.getString("owner_id")), row.getString("code"), row.getString("title"),
                row.getString("body"), Times.read(row, "updated_at"));
    }
}
