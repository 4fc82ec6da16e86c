package nl.spreekuur.server.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.server.store.Organisations;

/**
 * Organisations are never changed or deleted once created, so a found one is kept in memory: every anonymous token
 * request (by slug) and every Hello (by id) would otherwise read the same row. Misses always ask the store, so an
 * organisation created by another node or the command line is found at once. The cache is bounded; a deployment
 * has a handful of organisations.
 */
final class JdbcOrganisations implements Organisations {

    private static final String COLUMNS = "id, slug, name";
    private static final int CACHED = 1024;

    private final Database db;
    private final Cache<String, Organisation> byId = Caffeine.newBuilder().maximumSize(CACHED)
            .executor(Runnable::run).build();
    private final Cache<String, Organisation> bySlug = Caffeine.newBuilder().maximumSize(CACHED)
            .executor(Runnable::run).build();

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
        Organisation cached = byId.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        return remember(db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM organisations WHERE id = ?",
                JdbcOrganisations::map, id)));
    }

    @Override
    public Optional<Organisation> bySlug(String slug) {
        Organisation cached = bySlug.getIfPresent(slug);
        if (cached != null) {
            return Optional.of(cached);
        }
        return remember(db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM organisations WHERE slug = ?",
                JdbcOrganisations::map, slug)));
    }

    private Optional<Organisation> remember(Optional<Organisation> found) {
        found.ifPresent(organisation -> {
            byId.put(organisation.id(), organisation);
            bySlug.put(organisation.slug(), organisation);
        });
        return found;
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
