package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import nl.spreekuur.server.store.AuditLog;

/** Append-only: there is no update and no delete of single entries, only retention by age. */
final class JdbcAuditLog implements AuditLog {

    private static final String COLUMNS = "occurred_at, organisation_id, actor_id, actor_role, action, target_type,"
            + " target_id, on_behalf_of, detail";

    private final Database db;

    JdbcAuditLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(Entry entry) {
        Objects.requireNonNull(entry.at(), "at");
        Objects.requireNonNull(entry.action(), "action");
        db.write(c -> Sql.update(c, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.at(), entry.organisationId(), entry.actorId(), entry.actorRole(), entry.action(),
                entry.targetType(), entry.targetId(), entry.onBehalfOf(), entry.detail()));
    }

    /** A null organisation lists the deployment-level entries (operators). */
    @Override
    public List<Entry> list(String organisationId, Instant from, Instant to) {
        String organisationFilter = organisationId == null ? "organisation_id IS NULL" : "organisation_id = ?";
        Object[] params = organisationId == null ? new Object[] {from, to} : new Object[] {organisationId, from, to};
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM audit_log WHERE " + organisationFilter
                + " AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, id", JdbcAuditLog::map, params));
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM audit_log WHERE occurred_at < ?", cutoff));
    }

    private static Entry map(ResultSet row) throws SQLException {
        return new Entry(Times.read(row, "occurred_at"), row.getString("organisation_id"), row.getString("actor_id"),
                row.getString("actor_role"), row.getString("action"), row.getString("target_type"),
                row.getString("target_id"), row.getString("on_behalf_of"), row.getString("detail"));
    }
}
