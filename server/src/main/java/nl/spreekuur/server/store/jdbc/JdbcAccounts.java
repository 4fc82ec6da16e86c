package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.ConflictException;

final class JdbcAccounts implements Accounts {

    private static final String COLUMNS =
            "id, organisation_id, username, display_name, password_hash, roles, disabled, created_at";

    private final Database db;
    private final Clock clock;

    JdbcAccounts(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Account create(String organisationId, String username, String displayName, String passwordHash,
                          Set<Role> roles) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Account account = new Account(Ids.newId(), organisationId, normalise(username), displayName, passwordHash,
                roles, false, Times.truncate(Instant.now(clock)));
        db.write(c -> Sql.update(c, "INSERT INTO accounts (id, organisation_id, username_scope, username, display_name,"
                        + " password_hash, roles, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                account.id(), organisationId, scope(organisationId), account.username(), displayName, passwordHash,
                encodeRoles(roles), false, account.createdAt()));
        return account;
    }

    @Override
    public Optional<Account> byId(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM accounts WHERE id = ?", JdbcAccounts::map, id));
    }

    @Override
    public Optional<Account> byUsername(String organisationId, String username) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM accounts WHERE username_scope = ? AND username = ?",
                JdbcAccounts::map, scope(organisationId), normalise(username)));
    }

    @Override
    public List<Account> byOrganisation(String organisationId) {
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM accounts WHERE username_scope = ?"
                + " ORDER BY username", JdbcAccounts::map, scope(organisationId)));
    }

    @Override
    public void update(String id, String displayName, Set<Role> roles, boolean disabled) {
        Objects.requireNonNull(displayName, "displayName");
        int changed = db.write(c -> Sql.update(c,
                "UPDATE accounts SET display_name = ?, roles = ?, disabled = ? WHERE id = ?",
                displayName, encodeRoles(roles), disabled, id));
        requireFound(changed, id);
    }

    @Override
    public void setPasswordHash(String id, String passwordHash) {
        Objects.requireNonNull(passwordHash, "passwordHash");
        int changed = db.write(c -> Sql.update(c, "UPDATE accounts SET password_hash = ? WHERE id = ?",
                passwordHash, id));
        requireFound(changed, id);
    }

    private static void requireFound(int changed, String id) {
        if (changed == 0) {
            throw new ConflictException("unknown account " + id);
        }
    }

    /** Usernames are case-insensitive: compare and store them lower-case. */
    private static String normalise(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    private static String scope(String organisationId) {
        return organisationId == null ? "" : organisationId;
    }

    private static String encodeRoles(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<Role> decodeRoles(String roles) {
        EnumSet<Role> result = EnumSet.noneOf(Role.class);
        if (!roles.isEmpty()) {
            Arrays.stream(roles.split(",")).map(Role::valueOf).forEach(result::add);
        }
        return result;
    }

    private static Account map(ResultSet row) throws SQLException {
        return new Account(row.getString("id"), row.getString("organisation_id"), row.getString("username"),
                row.getString("display_name"), row.getString("password_hash"), decodeRoles(row.getString("roles")),
                row.getBoolean("disabled"), Times.read(row, "created_at"));
    }
}
