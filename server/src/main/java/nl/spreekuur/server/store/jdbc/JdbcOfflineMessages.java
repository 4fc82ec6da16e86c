package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.server.store.OfflineMessages;

final class JdbcOfflineMessages implements OfflineMessages {

    private static final String COLUMNS =
            "id, office_hour_id, organisation_id, nickname, body, contact, created_at, handled_at, handled_by";

    private final Database db;

    JdbcOfflineMessages(Database db) {
        this.db = db;
    }

    @Override
    public OfflineMessage create(String officeHourId, String organisationId, String nickname, String text,
                                 String contact, Instant now) {
        Objects.requireNonNull(officeHourId, "officeHourId");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(text, "text");
        OfflineMessage message = new OfflineMessage(Ids.newId(), officeHourId, organisationId,
                Ids.nullToEmpty(nickname), text, Ids.nullToEmpty(contact), Times.truncate(now), null, null);
        db.write(c -> Sql.update(c, "INSERT INTO offline_messages (id, office_hour_id, organisation_id, nickname, body,"
                        + " contact, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                message.id(), officeHourId, organisationId, message.nickname(), text, message.contact(),
                message.createdAt()));
        return message;
    }

    @Override
    public Optional<OfflineMessage> byId(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM offline_messages WHERE id = ?",
                JdbcOfflineMessages::map, id));
    }

    /** Oldest first: the message that has waited longest is answered first. */
    @Override
    public List<OfflineMessage> byOfficeHour(String officeHourId, boolean includeHandled) {
        String handledFilter = includeHandled ? "" : " AND handled_at IS NULL";
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM offline_messages WHERE office_hour_id = ?"
                + handledFilter + " ORDER BY created_at, id", JdbcOfflineMessages::map, officeHourId));
    }

    @Override
    public int countUnhandled(String officeHourId) {
        long count = db.run(c -> Sql.count(c, "SELECT COUNT(*) FROM offline_messages"
                + " WHERE office_hour_id = ? AND handled_at IS NULL", officeHourId));
        return (int) count;
    }

    @Override
    public boolean markHandled(String id, String accountId, Instant now) {
        Objects.requireNonNull(accountId, "accountId");
        return db.write(c -> Sql.update(c, "UPDATE offline_messages SET handled_at = ?, handled_by = ?"
                + " WHERE id = ? AND handled_at IS NULL", now, accountId, id)) == 1;
    }

    @Override
    public int deleteHandledBefore(Instant cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM offline_messages WHERE handled_at < ?", cutoff));
    }

    private static OfflineMessage map(ResultSet row) throws SQLException {
        return new OfflineMessage(row.getString("id"), row.getString("office_hour_id"),
                row.getString("organisation_id"), row.getString("nickname"), row.getString("body"),
                row.getString("contact"), Times.read(row, "created_at"), Times.read(row, "handled_at"),
                row.getString("handled_by"));
    }
}
