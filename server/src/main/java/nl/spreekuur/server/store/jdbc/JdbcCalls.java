package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.CallEndReason;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallState;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.store.Calls;
import nl.spreekuur.server.store.ConflictException;

/**
 * Calls with their participants, the one active call per conversation ({@code active_calls}, whose primary key
 * refuses a second one on every node), and scheduled consults. A call is updated optimistically: the UPDATE names
 * the version that was read, and a changed version is a {@link ConflictException} the caller retries on.
 */
final class JdbcCalls implements Calls {
    private static final String CALL_COLUMNS = "id, organisation_id, conversation_id, mode, state, host_principal_id,"
            + " max_participants, started_at, ring_deadline, ended_at, end_reason, consult_id, version";
    private static final String MEMBER_COLUMNS = "call_id, principal_id, participant_id, role, display_name, state,"
            + " audio_muted, camera_off, host, arrival, node_id, connection_id, credentials_expire_at";
    private static final String CONSULT_COLUMNS = "id, organisation_id, professional_id, conversation_id, starts_at,"
            + " duration_minutes, label, join_code, link_expires_at, link_used_at, link_revoked_at,"
            + " client_principal_id, ended_at, created_at";

    private final Database db;

    JdbcCalls(Database db) {
        this.db = db;
    }

    @Override
    public Call create(Call call) {
        Call stored = withVersion(call, 1);
        db.transaction(c -> {
            Sql.update(c, "INSERT INTO calls (" + CALL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    stored.id(), stored.organisationId(), stored.conversationId(), stored.mode(), stored.state(),
                    stored.hostPrincipalId(), stored.maxParticipants(), Times.truncate(stored.startedAt()),
                    stored.ringDeadline(), stored.endedAt(), endReason(stored), stored.consultId(), 1L);
            // a duplicate key here is the documented ConflictException: the conversation has an active call
            Sql.update(c, "INSERT INTO active_calls (conversation_id, call_id) VALUES (?, ?)",
                    stored.conversationId(), stored.id());
            insertMembers(c, stored);
            Sql.update(c, "INSERT INTO call_measures (call_id, held_at, connected, relayed) VALUES (?, NULL, FALSE,"
                    + " FALSE)", stored.id());
            return null;
        });
        return stored;
    }

    @Override
    public void markHeld(String callId, Instant at) {
        db.write(c -> Sql.update(c, "UPDATE call_measures SET held_at = ? WHERE call_id = ? AND held_at IS NULL",
                Times.truncate(at), callId));
    }

    @Override
    public void markConnected(String callId, boolean relayed) {
        db.write(c -> Sql.update(c, "UPDATE call_measures SET connected = TRUE, relayed = (relayed OR ?)"
                + " WHERE call_id = ?", relayed, callId));
    }

    @Override
    public Optional<Measure> takeMeasure(String callId) {
        return db.transaction(c -> {
            Optional<Measure> measure = Sql.one(c, "SELECT held_at, connected, relayed FROM call_measures"
                    + " WHERE call_id = ? FOR UPDATE", row -> new Measure(callId, Times.read(row, "held_at"),
                    row.getBoolean("connected"), row.getBoolean("relayed")), callId);
            if (measure.isPresent()) {
                Sql.update(c, "DELETE FROM call_measures WHERE call_id = ?", callId);
            }
            return measure;
        });
    }

    @Override
    public Call update(Call call) {
        Call next = withVersion(call, call.version() + 1);
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE calls SET state = ?, host_principal_id = ?, ring_deadline = ?,"
                            + " ended_at = ?, end_reason = ?, version = ? WHERE id = ? AND version = ?",
                    next.state(), next.hostPrincipalId(), next.ringDeadline(), next.endedAt(), endReason(next),
                    next.version(), next.id(), call.version());
            if (changed == 0) {
                throw new ConflictException("call changed meanwhile");
            }
            Sql.update(c, "DELETE FROM call_participants WHERE call_id = ?", next.id());
            insertMembers(c, next);
            if (next.isEnded()) {
                Sql.update(c, "DELETE FROM active_calls WHERE call_id = ?", next.id());
            }
            return null;
        });
        return next;
    }

    private static Object endReason(Call call) {
        return call.endReason() == CallEndReason.CALL_END_REASON_UNSPECIFIED ? null : call.endReason();
    }

    private static Call withVersion(Call call, long version) {
        return new Call(call.id(), call.organisationId(), call.conversationId(), call.mode(), call.state(),
                call.hostPrincipalId(), call.maxParticipants(), Times.truncate(call.startedAt()),
                truncate(call.ringDeadline()), truncate(call.endedAt()), call.endReason(), call.consultId(),
                call.members().stream().map(m -> new Member(m.principalId(), m.participantId(), m.role(),
                        m.displayName(), m.state(), m.audioMuted(), m.cameraOff(), m.host(), m.nodeId(),
                        m.connectionId(), truncate(m.credentialsExpireAt()))).toList(), version);
    }

    private static Instant truncate(Instant instant) {
        return instant == null ? null : Times.truncate(instant);
    }

    private static void insertMembers(Connection c, Call call) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        int arrival = 0;
        for (Member m : call.members()) {
            rows.add(new Object[] {call.id(), m.principalId(), m.participantId(), m.role(), m.displayName(),
                    m.state(), m.audioMuted(), m.cameraOff(), m.host(), arrival++, m.nodeId(), m.connectionId(),
                    m.credentialsExpireAt()});
        }
        Sql.batch(c, "INSERT INTO call_participants (" + MEMBER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?)", rows);
    }

    @Override
    public Optional<Call> byId(String callId) {
        return db.run(c -> find(c, callId));
    }

    @Override
    public Optional<Call> active(String conversationId) {
        return db.run(c -> {
            Optional<String> id = Sql.one(c, "SELECT call_id FROM active_calls WHERE conversation_id = ?",
                    row -> row.getString(1), conversationId);
            return id.isEmpty() ? Optional.empty() : find(c, id.get());
        });
    }

    @Override
    public Optional<Call> latest(String conversationId) {
        return db.run(c -> {
            Optional<String> id = Sql.one(c, "SELECT call_id FROM active_calls WHERE conversation_id = ?",
                    row -> row.getString(1), conversationId);
            if (id.isEmpty()) {
                List<String> ids = Sql.list(c, "SELECT id FROM calls WHERE conversation_id = ?"
                        + " ORDER BY started_at DESC, id DESC", row -> row.getString(1), conversationId);
                id = ids.stream().findFirst();
            }
            return id.isEmpty() ? Optional.empty() : find(c, id.get());
        });
    }

    @Override
    public List<Call> allActive() {
        return db.run(c -> findAll(c, Sql.list(c, "SELECT call_id FROM active_calls ORDER BY call_id",
                row -> row.getString(1))));
    }

    @Override
    public List<Call> activeWith(String principalId) {
        return db.run(c -> findAll(c, Sql.list(c, "SELECT a.call_id FROM active_calls a JOIN call_participants p"
                + " ON p.call_id = a.call_id WHERE p.principal_id = ? ORDER BY a.call_id", row -> row.getString(1),
                principalId)));
    }

    private static List<Call> findAll(Connection c, List<String> ids) throws SQLException {
        List<Call> calls = new ArrayList<>();
        for (String id : ids) {
            find(c, id).ifPresent(calls::add);
        }
        return calls;
    }

    private static Optional<Call> find(Connection c, String callId) throws SQLException {
        Optional<Call> bare = Sql.one(c, "SELECT " + CALL_COLUMNS + " FROM calls WHERE id = ?",
                row -> mapCall(row, List.of()), callId);
        if (bare.isEmpty()) {
            return bare;
        }
        List<Member> members = Sql.list(c, "SELECT " + MEMBER_COLUMNS + " FROM call_participants WHERE call_id = ?"
                + " ORDER BY arrival", JdbcCalls::mapMember, callId);
        Call b = bare.get();
        return Optional.of(new Call(b.id(), b.organisationId(), b.conversationId(), b.mode(), b.state(),
                b.hostPrincipalId(), b.maxParticipants(), b.startedAt(), b.ringDeadline(), b.endedAt(),
                b.endReason(), b.consultId(), members, b.version()));
    }

    private static Call mapCall(ResultSet row, List<Member> members) throws SQLException {
        String reason = row.getString("end_reason");
        return new Call(row.getString("id"), row.getString("organisation_id"), row.getString("conversation_id"),
                CallMode.valueOf(row.getString("mode")), CallState.valueOf(row.getString("state")),
                row.getString("host_principal_id"), row.getInt("max_participants"), Times.read(row, "started_at"),
                Times.read(row, "ring_deadline"), Times.read(row, "ended_at"),
                reason == null ? null : CallEndReason.valueOf(reason), row.getString("consult_id"), members,
                row.getLong("version"));
    }

    private static Member mapMember(ResultSet row) throws SQLException {
        return new Member(row.getString("principal_id"), row.getString("participant_id"),
                ParticipantRole.valueOf(row.getString("role")), row.getString("display_name"),
                CallParticipantState.valueOf(row.getString("state")), row.getBoolean("audio_muted"),
                row.getBoolean("camera_off"), row.getBoolean("host"), row.getString("node_id"),
                row.getString("connection_id"), Times.read(row, "credentials_expire_at"));
    }

    // --- scheduled consults ---

    @Override
    public Consult createConsult(Consult draft) {
        Consult consult = new Consult(draft.id() == null ? Ids.newId() : draft.id(), draft.organisationId(),
                draft.professionalId(), draft.conversationId(), Times.truncate(draft.startsAt()),
                draft.durationMinutes(), draft.label(), draft.joinCode(), Times.truncate(draft.linkExpiresAt()),
                null, null, null, null, Times.truncate(draft.createdAt()));
        db.transaction(c -> Sql.update(c, "INSERT INTO scheduled_consults (" + CONSULT_COLUMNS + ") VALUES (?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", consult.id(), consult.organisationId(),
                consult.professionalId(), consult.conversationId(), consult.startsAt(), consult.durationMinutes(),
                consult.label(), consult.joinCode(), consult.linkExpiresAt(), null, null, null, null,
                consult.createdAt()));
        return consult;
    }

    @Override
    public Optional<Consult> consult(String consultId) {
        return db.run(c -> findConsult(c, "id", consultId, false));
    }

    @Override
    public Optional<Consult> consultByCode(String joinCode) {
        return db.run(c -> findConsult(c, "join_code", joinCode, false));
    }

    @Override
    public Optional<Consult> consultByConversation(String conversationId) {
        return db.run(c -> findConsult(c, "conversation_id", conversationId, false));
    }

    @Override
    public Optional<Consult> consultOfClient(String clientPrincipalId) {
        return db.run(c -> findConsult(c, "client_principal_id", clientPrincipalId, false));
    }

    @Override
    public List<Consult> consultsOf(String professionalId) {
        return db.run(c -> Sql.list(c, "SELECT " + CONSULT_COLUMNS + " FROM scheduled_consults"
                + " WHERE professional_id = ? ORDER BY starts_at, id", JdbcCalls::mapConsult, professionalId));
    }

    @Override
    public Redeemed useLink(String joinCode, String clientPrincipalId, Instant now) {
        return db.transaction(c -> {
            Optional<Consult> found = findConsult(c, "join_code", joinCode, true);
            if (found.isEmpty()) {
                return new Redeemed(null, LinkRefusal.UNKNOWN_CODE);
            }
            LinkRefusal refusal = Calls.linkRefusal(found.get(), now);
            if (refusal != null) {
                return new Redeemed(null, refusal);
            }
            Sql.update(c, "UPDATE scheduled_consults SET link_used_at = ?, client_principal_id = ? WHERE id = ?",
                    Times.truncate(now), clientPrincipalId, found.get().id());
            return new Redeemed(findConsult(c, "id", found.get().id(), false).orElseThrow(), null);
        });
    }

    @Override
    public boolean revokeLink(String consultId, Instant now) {
        return db.transaction(c -> {
            if (findConsult(c, "id", consultId, true).isEmpty()) {
                return false;
            }
            Sql.update(c, "UPDATE scheduled_consults SET link_revoked_at = ? WHERE id = ? AND link_revoked_at IS NULL",
                    Times.truncate(now), consultId);
            return true;
        });
    }

    @Override
    public int purgeEndedCalls(Instant endedBefore) {
        return db.transaction(c -> {
            List<String> ids = Sql.list(c, "SELECT id FROM calls WHERE state = ? AND ended_at < ?",
                    row -> row.getString(1), CallState.CALL_STATE_ENDED, Times.truncate(endedBefore));
            for (String id : ids) {
                Sql.update(c, "DELETE FROM call_participants WHERE call_id = ?", id);
                Sql.update(c, "DELETE FROM call_measures WHERE call_id = ?", id);
                Sql.update(c, "DELETE FROM calls WHERE id = ? AND NOT EXISTS (SELECT 1 FROM active_calls"
                        + " WHERE call_id = ?)", id, id);
            }
            return ids.size();
        });
    }

    @Override
    public List<Consult> consultsOverBefore(Instant before) {
        Instant cutoff = Times.truncate(before);
        return db.run(c -> Sql.list(c, "SELECT " + CONSULT_COLUMNS + " FROM scheduled_consults WHERE ended_at < ?"
                + " OR (ended_at IS NULL AND link_expires_at < ?)", JdbcCalls::mapConsult, cutoff, cutoff))
                .stream().filter(consult -> consult.plannedEnd().isBefore(before)).toList();
    }

    @Override
    public void deleteConsult(String consultId) {
        db.transaction(c -> Sql.update(c, "DELETE FROM scheduled_consults WHERE id = ?", consultId));
    }

    @Override
    public void consultEnded(String consultId, Instant now) {
        db.transaction(c -> Sql.update(c, "UPDATE scheduled_consults SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                Times.truncate(now), consultId));
    }

    /** {@code column} is one of our own column names, never input. */
    private static Optional<Consult> findConsult(Connection c, String column, String value, boolean lock)
            throws SQLException {
        return Sql.one(c, "SELECT " + CONSULT_COLUMNS + " FROM scheduled_consults WHERE " + column + " = ?"
                + (lock ? " FOR UPDATE" : ""), JdbcCalls::mapConsult, value);
    }

    private static Consult mapConsult(ResultSet row) throws SQLException {
        return new Consult(row.getString("id"), row.getString("organisation_id"), row.getString("professional_id"),
                row.getString("conversation_id"), Times.read(row, "starts_at"), row.getInt("duration_minutes"),
                row.getString("label"), row.getString("join_code"), Times.read(row, "link_expires_at"),
                Times.read(row, "link_used_at"), Times.read(row, "link_revoked_at"),
                row.getString("client_principal_id"), Times.read(row, "ended_at"), Times.read(row, "created_at"));
    }
}
