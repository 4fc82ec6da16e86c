package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.SecondFactors;

final class JdbcSecondFactors implements SecondFactors {
    private static final String COLUMNS =
            "account_id, secret_sealed, enabled_at, pending_sealed, pending_since, last_step";

    private final Database db;

    JdbcSecondFactors(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Factor> byAccount(String accountId) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM staff_second_factors WHERE account_id = ?",
                JdbcSecondFactors::map, accountId));
    }

    @Override
    public Set<String> enabledAccounts(String organisationId) {
        return new HashSet<>(db.run(c -> Sql.list(c, "SELECT f.account_id FROM staff_second_factors f"
                + " JOIN accounts a ON a.id = f.account_id WHERE a.organisation_id = ? AND f.secret_sealed IS NOT NULL",
                row -> row.getString(1), organisationId)));
    }

    @Override
    public void startEnrolment(String accountId, String pendingSealed, Instant at) {
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE staff_second_factors SET pending_sealed = ?, pending_since = ?"
                    + " WHERE account_id = ?", pendingSealed, at, accountId);
            if (changed == 0) {
                Sql.update(c, "INSERT INTO staff_second_factors (" + COLUMNS + ") VALUES (?, NULL, NULL, ?, ?, 0)",
                        accountId, pendingSealed, at);
            }
            return null;
        });
    }

    @Override
    public boolean confirmEnrolment(String accountId, String pendingSealed, long acceptedStep, Instant at,
                                    List<String> recoveryCodeHashes) {
        return db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE staff_second_factors SET secret_sealed = pending_sealed,"
                    + " enabled_at = ?, pending_sealed = NULL, pending_since = NULL, last_step = ?"
                    + " WHERE account_id = ? AND pending_sealed = ?", at, acceptedStep, accountId, pendingSealed);
            if (changed == 0) {
                return false;
            }
            Sql.update(c, "DELETE FROM staff_recovery_codes WHERE account_id = ?", accountId);
            List<Object[]> rows = new ArrayList<>();
            for (String hash : recoveryCodeHashes) {
                rows.add(new Object[] {accountId, hash});
            }
            Sql.batch(c, "INSERT INTO staff_recovery_codes (account_id, code_hash) VALUES (?, ?)", rows);
            return true;
        });
    }

    @Override
    public boolean acceptStep(String accountId, long step) {
        return db.write(c -> Sql.update(c, "UPDATE staff_second_factors SET last_step = ?"
                + " WHERE account_id = ? AND secret_sealed IS NOT NULL AND last_step < ?", step, accountId, step)) == 1;
    }

    @Override
    public boolean useRecoveryCode(String accountId, String codeHash) {
        return db.write(c -> Sql.update(c, "DELETE FROM staff_recovery_codes WHERE account_id = ? AND code_hash = ?",
                accountId, codeHash)) == 1;
    }

    @Override
    public int recoveryCodesLeft(String accountId) {
        return db.run(c -> (int) Sql.count(c, "SELECT COUNT(*) FROM staff_recovery_codes WHERE account_id = ?",
                accountId));
    }

    @Override
    public void remove(String accountId) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM staff_recovery_codes WHERE account_id = ?", accountId);
            Sql.update(c, "DELETE FROM staff_second_factors WHERE account_id = ?", accountId);
            return null;
        });
    }

    @Override
    public Set<Role> requiredRoles(String organisationId) {
        if (organisationId == null) {
            return Set.of();
        }
        return db.run(c -> Sql.one(c, "SELECT roles FROM second_factor_policies WHERE organisation_id = ?",
                row -> decode(row.getString(1)), organisationId)).orElse(Set.of());
    }

    @Override
    public void setRequiredRoles(String organisationId, Set<Role> roles) {
        String encoded = roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE second_factor_policies SET roles = ? WHERE organisation_id = ?",
                    encoded, organisationId);
            if (changed == 0) {
                Sql.update(c, "INSERT INTO second_factor_policies (organisation_id, roles) VALUES (?, ?)",
                        organisationId, encoded);
            }
            return null;
        });
    }

    private static Set<Role> decode(String roles) {
        EnumSet<Role> result = EnumSet.noneOf(Role.class);
        if (roles != null && !roles.isEmpty()) {
            Arrays.stream(roles.split(",")).map(Role::valueOf).forEach(result::add);
        }
        return Set.copyOf(result);
    }

    private static Factor map(ResultSet row) throws SQLException {
        return new Factor(row.getString("account_id"), row.getString("secret_sealed"),
                Times.read(row, "enabled_at"), row.getString("pending_sealed"),
                Times.read(row, "pending_since"), row.getLong("last_step"));
    }
}
