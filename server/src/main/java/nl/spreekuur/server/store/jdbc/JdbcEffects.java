package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Effects;

final class JdbcEffects implements Effects {

    private final Database db;

    JdbcEffects(Database db) {
        this.db = db;
    }

    @Override
    public void recordFact(Fact fact) {
        Objects.requireNonNull(fact.organisationId(), "organisationId");
        Objects.requireNonNull(fact.channel(), "channel");
        Objects.requireNonNull(fact.scopeId(), "scopeId");
        Objects.requireNonNull(fact.day(), "day");
        Objects.requireNonNull(fact.fact(), "fact");
        db.write(c -> Sql.update(c, "INSERT INTO effect_facts (organisation_id, channel, scope_id, fact_day, fact,"
                        + " fact_value) VALUES (?, ?, ?, ?, ?, ?)", fact.organisationId(), fact.channel(),
                fact.scopeId(), fact.day(), fact.fact(), fact.value()));
    }

    @Override
    public List<Fact> facts(String organisationId, Channel channel, LocalDate from, LocalDate to) {
        return db.run(c -> Sql.list(c, "SELECT organisation_id, channel, scope_id, fact_day, fact, fact_value"
                        + " FROM effect_facts WHERE organisation_id = ? AND channel = ? AND fact_day >= ?"
                        + " AND fact_day <= ? ORDER BY fact_day, id",
                row -> new Fact(row.getString("organisation_id"), Channel.valueOf(row.getString("channel")),
                        row.getString("scope_id"), row.getObject("fact_day", LocalDate.class), row.getString("fact"),
                        row.getLong("fact_value")),
                organisationId, channel, from, to));
    }

    @Override
    public void replacePeriod(Period period) {
        Objects.requireNonNull(period.organisationId(), "organisationId");
        Objects.requireNonNull(period.kind(), "kind");
        Objects.requireNonNull(period.start(), "start");
        Objects.requireNonNull(period.computedAt(), "computedAt");
        db.transaction(c -> {
            // Serialises two nodes replacing the same period: the second waits, then replaces the first's rows.
            Sql.one(c, "SELECT id FROM organisations WHERE id = ? FOR UPDATE", row -> row.getString(1),
                    period.organisationId());
            Sql.update(c, "DELETE FROM effect_figures WHERE organisation_id = ? AND period_kind = ?"
                    + " AND period_start = ?", period.organisationId(), period.kind(), period.start());
            Sql.update(c, "DELETE FROM effect_periods WHERE organisation_id = ? AND period_kind = ?"
                    + " AND period_start = ?", period.organisationId(), period.kind(), period.start());
            List<Object[]> rows = new ArrayList<>(period.figures().size());
            for (Figure f : period.figures()) {
                rows.add(new Object[] {period.organisationId(), period.kind(), period.start(), f.channel(),
                        f.scopeId(), f.figure(), f.value()});
            }
            Sql.batch(c, "INSERT INTO effect_figures (organisation_id, period_kind, period_start, channel, scope_id,"
                    + " figure, figure_value) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
            Sql.update(c, "INSERT INTO effect_periods (organisation_id, period_kind, period_start, computed_at)"
                    + " VALUES (?, ?, ?, ?)", period.organisationId(), period.kind(), period.start(),
                    period.computedAt());
            return null;
        });
    }

    @Override
    public List<Period> periods(String organisationId, PeriodKind kind, LocalDate from, LocalDate to) {
        return db.run(c -> read(c, Set.of(organisationId), kind, from, to, false));
    }

    @Override
    public List<Period> organisationTotals(Set<String> organisationIds, PeriodKind kind, LocalDate from,
                                           LocalDate to) {
        if (organisationIds.isEmpty()) {
            return List.of();
        }
        return db.run(c -> read(c, organisationIds, kind, from, to, true));
    }

    private static List<Period> read(Connection c, Set<String> organisationIds, PeriodKind kind, LocalDate from,
                                     LocalDate to, boolean totalsOnly) throws SQLException {
        List<String> ids = List.copyOf(new TreeSet<>(organisationIds));
        String in = "organisation_id IN (" + Sql.placeholders(ids.size()) + ")";
        List<Object> params = new ArrayList<>(ids);
        params.add(kind);
        params.add(from);
        params.add(to);
        Map<String, Period> byKey = new LinkedHashMap<>();
        for (Period p : Sql.list(c, "SELECT organisation_id, period_start, computed_at FROM effect_periods WHERE "
                        + in + " AND period_kind = ? AND period_start >= ? AND period_start <= ?"
                        + " ORDER BY period_start, organisation_id",
                row -> new Period(row.getString("organisation_id"), kind,
                        row.getObject("period_start", LocalDate.class), Times.read(row, "computed_at"),
                        new ArrayList<>()),
                params.toArray())) {
            byKey.put(p.organisationId() + "/" + p.start(), p);
        }
        String scope = totalsOnly ? " AND scope_id = '" + ALL + "'" : "";
        for (Object[] f : Sql.list(c, "SELECT organisation_id, period_start, channel, scope_id, figure, figure_value"
                        + " FROM effect_figures WHERE " + in + " AND period_kind = ? AND period_start >= ?"
                        + " AND period_start <= ?" + scope + " ORDER BY channel, scope_id, figure",
                row -> new Object[] {row.getString("organisation_id") + "/"
                        + row.getObject("period_start", LocalDate.class),
                        new Figure(Channel.valueOf(row.getString("channel")), row.getString("scope_id"),
                                row.getString("figure"), row.getLong("figure_value"))},
                params.toArray())) {
            Period p = byKey.get((String) f[0]);
            if (p != null) {
                p.figures().add((Figure) f[1]);
            }
        }
        List<Period> result = new ArrayList<>(byKey.size());
        for (Period p : byKey.values()) {
            result.add(new Period(p.organisationId(), p.kind(), p.start(), p.computedAt(), List.copyOf(p.figures())));
        }
        return result;
    }

    @Override
    public void setBenchmarkOptIn(String organisationId, boolean optedIn, Instant at) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM effect_benchmark WHERE organisation_id = ?", organisationId);
            Sql.update(c, "INSERT INTO effect_benchmark (organisation_id, opted_in, changed_at) VALUES (?, ?, ?)",
                    organisationId, optedIn, at);
            return null;
        });
    }

    @Override
    public Optional<Boolean> benchmarkOptIn(String organisationId) {
        return db.run(c -> Sql.one(c, "SELECT opted_in FROM effect_benchmark WHERE organisation_id = ?",
                row -> row.getBoolean(1), organisationId));
    }

    @Override
    public Set<String> benchmarkParticipants() {
        return db.run(c -> Set.copyOf(Sql.list(c, "SELECT organisation_id FROM effect_benchmark WHERE opted_in",
                row -> row.getString(1))));
    }

    @Override
    public boolean markRated(String conversationId, Instant at) {
        try {
            db.write(c -> Sql.update(c, "INSERT INTO chat_ratings (conversation_id, rated_at) VALUES (?, ?)",
                    conversationId, at));
            return true;
        } catch (ConflictException alreadyRated) {
            return false;
        }
    }

    @Override
    public int deleteRatingsBefore(Instant cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM chat_ratings WHERE rated_at < ?", cutoff));
    }
}
