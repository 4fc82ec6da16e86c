package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nl.spreekuur.server.store.AuditLog;

/** Append-only: there is no update and no delete of single entries, only retention by age. */
final class JdbcAuditLog implements AuditLog {

    private static final String COLUMNS = "occurred_at, organisation_id, actor_id, actor_role, action, target_type,"
            + " target_id, on_behalf_of, detail, actor_session";

    private final Database db;

    JdbcAuditLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(Entry entry) {
        Objects.requireNonNull(entry.at(), "at");
        Objects.requireNonNull(entry.action(), "action");
        db.write(c -> Sql.update(c, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.at(), entry.organisationId(), entry.actorId(), entry.actorRole(), entry.action(),
                entry.targetType(), entry.targetId(), entry.onBehalfOf(), entry.detail(), entry.actorSession()));
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
    public List<Stored> page(Query q) {
        StringBuilder sql = new StringBuilder("SELECT id, " + COLUMNS
                + " FROM audit_log WHERE organisation_id = ? AND occurred_at >= ? AND occurred_at < ?");
        List<Object> params = new ArrayList<>(List.of(q.organisationId(), q.from(), q.to()));
        if (q.actorId() != null) {
            sql.append(" AND actor_id = ?");
            params.add(q.actorId());
        }
        if (q.action() != null) {
            sql.append(" AND (action = ? OR action LIKE ? ESCAPE '!')");
            params.add(q.action());
            params.add(q.action().replace("!", "!!").replace("%", "!%").replace("_", "!_") + ".%");
        }
        if (q.subjectId() != null) {
            sql.append(" AND (target_id = ? OR on_behalf_of = ?)");
            params.add(q.subjectId());
            params.add(q.subjectId());
        }
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            params.add(q.beforeId());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, q.limit()));
        return db.run(c -> Sql.list(c, sql.toString(), row -> new Stored(row.getLong("id"), map(row)),
                params.toArray()));
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM audit_log WHERE occurred_at < ?", cutoff));
    }

    private static Entry map(ResultSet row) throws SQLException {
        return new Entry(Times.read(row, "occurred_at"), row.getString("organisation_id"), row.getString("actor_id"),
                row.getString("actor_role"), row.getString("action"), row.getString("target_type"),
                row.getString("target_id"), row.getString("on_behalf_of"), row.getString("detail"),
                row.getString("actor_session"));
    }
}
