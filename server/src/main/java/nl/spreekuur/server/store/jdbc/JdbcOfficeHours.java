package nl.spreekuur.server.store.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.OfficeHours;
import nl.spreekuur.server.store.StoreException;

final class JdbcOfficeHours implements OfficeHours {

    private final Database db;

    JdbcOfficeHours(Database db) {
        this.db = db;
    }

    /**
     * A definition never moves to another organisation: replacing an id that belongs to a different organisation
     * is refused, so a mistake in a caller cannot hand one organisation's office hour to another.
     */
    @Override
    public OfficeHour save(OfficeHour officeHour) {
        Objects.requireNonNull(officeHour, "officeHour");
        if (officeHour.getOrganisationId().isEmpty()) {
            throw new IllegalArgumentException("organisation_id must be set");
        }
        OfficeHour stored = officeHour.getId().isEmpty()
                ? officeHour.toBuilder().setId(Ids.newId()).build()
                : officeHour;
        return db.transaction(c -> {
            int replaced = Sql.update(c, "UPDATE office_hours SET slug = ?, definition = ?"
                            + " WHERE id = ? AND organisation_id = ?",
                    stored.getSlug(), stored.toByteArray(), stored.getId(), stored.getOrganisationId());
            if (replaced == 0) {
                if (Sql.count(c, "SELECT COUNT(*) FROM office_hours WHERE id = ?", stored.getId()) > 0) {
                    throw new ConflictException("office hour belongs to another organisation");
                }
                Sql.update(c, "INSERT INTO office_hours (id, organisation_id, slug, definition) VALUES (?, ?, ?, ?)",
                        stored.getId(), stored.getOrganisationId(), stored.getSlug(), stored.toByteArray());
            }
            return stored;
        });
    }

    @Override
    public Optional<OfficeHour> byId(String id) {
        return db.run(c -> Sql.one(c, "SELECT definition FROM office_hours WHERE id = ?", JdbcOfficeHours::map, id));
    }

    @Override
    public Optional<OfficeHour> bySlug(String organisationId, String slug) {
        return db.run(c -> Sql.one(c, "SELECT definition FROM office_hours WHERE organisation_id = ? AND slug = ?",
                JdbcOfficeHours::map, organisationId, slug));
    }

    @Override
    public List<OfficeHour> byOrganisation(String organisationId) {
        return db.run(c -> Sql.list(c, "SELECT definition FROM office_hours WHERE organisation_id = ? ORDER BY slug",
                JdbcOfficeHours::map, organisationId));
    }

    @Override
    public boolean delete(String id) {
        return db.transaction(c -> {
            Sql.update(c, "DELETE FROM office_hour_duty WHERE office_hour_id = ?", id);
            return Sql.update(c, "DELETE FROM office_hours WHERE id = ?", id) == 1;
        });
    }

    @Override
    public void setOnDuty(String officeHourId, String accountId, boolean onDuty, Instant now) {
        Objects.requireNonNull(officeHourId, "officeHourId");
        Objects.requireNonNull(accountId, "accountId");
        if (!onDuty) {
            db.write(c -> Sql.update(c, "DELETE FROM office_hour_duty WHERE office_hour_id = ? AND account_id = ?",
                    officeHourId, accountId));
            return;
        }
        try {
            db.write(c -> insertDutyIfAbsent(c, officeHourId, accountId, now));
        } catch (ConflictException e) {
            // Two concurrent "on duty" calls: the other one inserted the row first, which is the wanted outcome.
            if (db.run(c -> Sql.count(c, "SELECT COUNT(*) FROM office_hour_duty WHERE office_hour_id = ?"
                    + " AND account_id = ?", officeHourId, accountId)) == 0) {
                throw e;
            }
        }
    }

    /** Being on duty already keeps the original since. */
    private static int insertDutyIfAbsent(Connection c, String officeHourId, String accountId, Instant now)
            throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM office_hour_duty WHERE office_hour_id = ? AND account_id = ?",
                officeHourId, accountId) > 0) {
            return 0;
        }
        return Sql.update(c, "INSERT INTO office_hour_duty (office_hour_id, account_id, since) VALUES (?, ?, ?)",
                officeHourId, accountId, now);
    }

    @Override
    public List<Duty> onDuty(String officeHourId) {
        return db.run(c -> Sql.list(c, "SELECT office_hour_id, account_id, since FROM office_hour_duty"
                + " WHERE office_hour_id = ? ORDER BY since, account_id", JdbcOfficeHours::mapDuty, officeHourId));
    }

    @Override
    public List<Duty> dutiesOf(String accountId) {
        return db.run(c -> Sql.list(c, "SELECT office_hour_id, account_id, since FROM office_hour_duty"
                + " WHERE account_id = ? ORDER BY since, office_hour_id", JdbcOfficeHours::mapDuty, accountId));
    }

    private static OfficeHour map(ResultSet row) throws SQLException {
        try {
            return OfficeHour.parseFrom(row.getBytes("definition"));
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("stored office hour cannot be decoded", e);
        }
    }

    private static Duty mapDuty(ResultSet row) throws SQLException {
        return new Duty(row.getString("office_hour_id"), row.getString("account_id"), Times.read(row, "since"));
    }
}
