package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.server.store.Organisations;

final class JdbcOrganisations implements Organisations {

    private static final String COLUMNS = "id, slug, name";

    private final Database db;

    JdbcOrganisations(Database db) {
        this.db = db;
    }

    @Override
    public Organisation create(String slug, String name) {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(name, "name");
        Organisation organisation = new Organisation(Ids.newId(), slug, name);
        db.write(c -> Sql.update(c, "INSERT INTO organisations (id, slug, name) VALUES (?, ?, ?)",
                organisation.id(), slug, name));
        return organisation;
    }

    @Override
    public Optional<Organisation> byId(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM organisations WHERE id = ?", JdbcOrganisations::map,
                id));
    }

    @Override
    public Optional<Organisation> bySlug(String slug) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM organisations WHERE slug = ?",
                JdbcOrganisations::map, slug));
    }

    @Override
    public List<Organisation> all() {
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM organisations ORDER BY slug",
                JdbcOrganisations::map));
    }

    private static Organisation map(ResultSet row) throws SQLException {
        return new Organisation(row.getString("id"), row.getString("slug"), row.getString("name"));
    }
}
