package nl.spreekuur.server.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Sessions;

final class JdbcSessions implements Sessions {

    private static final String COLUMNS =
            "id, token_hash, kind, account_id, organisation_id, created_at, expires_at, revoked_at";

    private final Database db;
    private final HotPathLog log;

    JdbcSessions(Database db, HotPathLog log) {
        this.db = db;
        this.log = log;
    }

    @Override
    public Session create(String tokenHash, Kind kind, String accountId, String organisationId, Instant createdAt,
                          Instant expiresAt) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(kind, "kind");
        Session session = new Session(Ids.newId(), tokenHash, kind, accountId, organisationId,
                Times.truncate(createdAt), Times.truncate(expiresAt), null);
        // Journaled like messages: a reconnect storm issues hundreds of tokens per second.
        db.transactionJournaled(c -> Sql.update(c, "INSERT INTO sessions (id, token_hash, kind, account_id,"
                        + " organisation_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                session.id(), tokenHash, kind, accountId, organisationId, session.createdAt(), session.expiresAt()));
        log.append(List.of(new JournalRecord.Session(session.id(), tokenHash, kind.name(), accountId, organisationId,
                session.createdAt(), session.expiresAt())));
        return session;
    }

    @Override
    public Optional<Session> byTokenHash(String tokenHash) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ?",
                JdbcSessions::map, tokenHash));
    }

    @Override
    public Optional<Session> byId(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM sessions WHERE id = ?", JdbcSessions::map, id));
    }

    @Override
    public boolean revoke(String sessionId, Instant at) {
        return db.write(c -> Sql.update(c, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                at, sessionId)) == 1;
    }

    @Override
    public List<String> revokeAllOfAccount(String accountId, Instant at) {
        return db.transaction(c -> {
            List<String> ids = Sql.list(c, "SELECT id FROM sessions WHERE account_id = ? AND revoked_at IS NULL"
                    + " AND expires_at > ? ORDER BY created_at, id FOR UPDATE", row -> row.getString(1), accountId, at);
            for (String id : ids) {
                Sql.update(c, "UPDATE sessions SET revoked_at = ? WHERE id = ?", at, id);
            }
            return ids;
        });
    }

    @Override
    public int deleteEndedBefore(Instant cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?",
                cutoff, cutoff) + Sql.update(c, "DELETE FROM revoked_tokens WHERE expires_at < ?", cutoff));
    }

    @Override
    public void revokeUnstored(String sessionId, Instant expiresAt, Instant at) {
        Objects.requireNonNull(sessionId, "sessionId");
        try {
            db.write(c -> Sql.update(c, "INSERT INTO revoked_tokens (session_id, expires_at, revoked_at)"
                            + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?)"
                            + " AND NOT EXISTS (SELECT 1 FROM revoked_tokens WHERE session_id = ?)",
                    sessionId, Times.truncate(expiresAt), Times.truncate(at), sessionId, sessionId));
        } catch (ConflictException recordedMeanwhile) {
            // Another node recorded the same revocation between the check and the insert: it holds.
        }
    }

    @Override
    public List<RevokedToken> revokedTokens(Instant revokedSince, Instant now) {
        return db.run(c -> Sql.list(c, "SELECT session_id, expires_at, revoked_at FROM revoked_tokens"
                        + " WHERE revoked_at >= ? AND expires_at > ? ORDER BY revoked_at, session_id",
                row -> new RevokedToken(row.getString("session_id"), Times.read(row, "expires_at"),
                        Times.read(row, "revoked_at")), revokedSince, now));
    }

    @Override
    public String tokenKeyFingerprint(String fingerprint) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        try {
            db.write(c -> Sql.update(c, "INSERT INTO token_keys (name, fingerprint) SELECT 'signing', ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM token_keys WHERE name = 'signing')", fingerprint));
        } catch (ConflictException writtenMeanwhile) {
            // Another node registered its key first: compare with that one below.
        }
        return db.run(c -> Sql.one(c, "SELECT fingerprint FROM token_keys WHERE name = 'signing'",
                row -> row.getString(1))).orElseThrow();
    }

    private static Session map(ResultSet row) throws SQLException {
        return new Session(row.getString("id"), row.getString("token_hash"), Kind.valueOf(row.getString("kind")),
                row.getString("account_id"), row.getString("organisation_id"), Times.read(row, "created_at"),
                Times.read(row, "expires_at"), Times.read(row, "revoked_at"));
    }
}
