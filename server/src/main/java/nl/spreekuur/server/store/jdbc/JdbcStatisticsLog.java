package nl.spreekuur.server.store.jdbc;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import nl.spreekuur.server.store.StatisticsLog;

final class JdbcStatisticsLog implements StatisticsLog {

    private final Database db;

    JdbcStatisticsLog(Database db) {
        this.db = db;
    }

    @Override
    public void record(String officeHourId, LocalDate day, Fact fact, long value) {
        Objects.requireNonNull(officeHourId, "officeHourId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(fact, "fact");
        db.write(c -> Sql.update(c, "INSERT INTO statistics_facts (office_hour_id, fact_day, fact, fact_value)"
                + " VALUES (?, ?, ?, ?)", officeHourId, day, fact, value));
    }

    @Override
    public List<Row> rows(String officeHourId, LocalDate from, LocalDate to) {
        return db.run(c -> Sql.list(c, "SELECT office_hour_id, fact_day, fact, fact_value FROM statistics_facts"
                        + " WHERE office_hour_id = ? AND fact_day >= ? AND fact_day <= ? ORDER BY fact_day, id",
                row -> new Row(row.getString("office_hour_id"), row.getObject("fact_day", LocalDate.class),
                        Fact.valueOf(row.getString("fact")), row.getLong("fact_value")),
                officeHourId, from, to));
    }
}
