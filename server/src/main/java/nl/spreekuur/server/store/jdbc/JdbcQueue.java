package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Queue;

/**
 * The office-hour queue. Two guarantees come from the database rather than from this process, so they hold across
 * nodes: a client has at most one active entry per office hour (unique {@code active_key}, NULL once the entry
 * ended), and a WAITING entry becomes IN_CHAT by exactly one conditional UPDATE.
 */
final class JdbcQueue implements Queue {

    private static final Set<QueueState> ACTIVE = EnumSet.of(QueueState.WAITING, QueueState.IN_CHAT);
    private static final List<String> ENDED = List.of(QueueState.LEFT.name(), QueueState.EXPIRED.name(),
            QueueState.NOT_SERVED.name(), QueueState.FINISHED.name());
    private static final String COLUMNS = "id, office_hour_id, organisation_id, conversation_id, client_principal_id,"
            + " nickname, first_question, urgent, state, joined_at, claimed_at, claimed_by, ended_at,"
            + " returned_by_transfer, disconnected_at";
    private static final String SERVING_ORDER = "urgent DESC, joined_at, id";

    private final Database db;

    JdbcQueue(Database db) {
        this.db = db;
    }

    @Override
    public Entry create(String officeHourId, String organisationId, String conversationId, String clientPrincipalId,
                        String nickname, String firstQuestion, Instant now) {
        Objects.requireNonNull(officeHourId, "officeHourId");
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(clientPrincipalId, "clientPrincipalId");
        Entry entry = new Entry(Ids.newId(), officeHourId, organisationId, conversationId, clientPrincipalId,
                Ids.nullToEmpty(nickname), Ids.nullToEmpty(firstQuestion), false, QueueState.WAITING,
                Times.truncate(now), null, null, null, false, null);
        try {
            db.write(c -> Sql.update(c, "INSERT INTO queue_entries (" + COLUMNS + ", active_key)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    entry.id(), officeHourId, organisationId, conversationId, clientPrincipalId, entry.nickname(),
                    entry.firstQuestion(), false, QueueState.WAITING, entry.joinedAt(), null, null, null, false, null,
                    activeKey(officeHourId, clientPrincipalId)));
        } catch (ConflictException e) {
            throw new ConflictException("client already queued or in a chat in this office hour");
        }
        return entry;
    }

    @Override
    public Optional<Entry> byId(String id) {
        return db.run(c -> find(c, id));
    }

    @Override
    public Optional<Entry> byConversation(String conversationId) {
        // A conversation has one entry; should there ever be more, the newest one describes it.
        return db.run(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM queue_entries WHERE conversation_id = ?"
                + " ORDER BY joined_at DESC, id DESC LIMIT 1", JdbcQueue::map, conversationId));
    }

    @Override
    public List<Entry> waiting(String officeHourId) {
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM queue_entries"
                + " WHERE office_hour_id = ? AND state = ? ORDER BY " + SERVING_ORDER,
                JdbcQueue::map, officeHourId, QueueState.WAITING));
    }

    @Override
    public List<Entry> inChat(String officeHourId) {
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM queue_entries"
                + " WHERE office_hour_id = ? AND state = ? ORDER BY claimed_at, id",
                JdbcQueue::map, officeHourId, QueueState.IN_CHAT));
    }

    @Override
    public List<Entry> activeOf(String clientPrincipalId) {
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM queue_entries"
                + " WHERE client_principal_id = ? AND state IN (?, ?) ORDER BY joined_at, id",
                JdbcQueue::map, clientPrincipalId, QueueState.WAITING, QueueState.IN_CHAT));
    }

    /**
     * Locks the professional's duty rows first, so their own concurrent claims (on any node, in any office hour)
     * serialise and the maxChats check cannot be raced; claims by different professionals only meet on the
     * conditional UPDATE of the entry, which exactly one of them wins.
     */
    @Override
    public ClaimOutcome claim(String officeHourId, String entryId, String professionalId, int maxChats, Instant now) {
        Objects.requireNonNull(officeHourId, "officeHourId");
        Objects.requireNonNull(professionalId, "professionalId");
        return db.transaction(c -> {
            List<String> dutyOfficeHours = Sql.list(c, "SELECT office_hour_id FROM office_hour_duty"
                    + " WHERE account_id = ? ORDER BY office_hour_id FOR UPDATE", row -> row.getString(1),
                    professionalId);
            if (!dutyOfficeHours.contains(officeHourId)) {
                return new ClaimOutcome(ClaimStatus.NOT_ON_DUTY, null);
            }
            if (countInChat(c, professionalId) >= maxChats) {
                return new ClaimOutcome(ClaimStatus.LIMIT_REACHED, null);
            }
            if (entryId != null) {
                return claimSpecific(c, officeHourId, entryId, professionalId, now);
            }
            return claimNext(c, officeHourId, professionalId, now);
        });
    }

    private ClaimOutcome claimSpecific(Connection c, String officeHourId, String entryId, String professionalId,
                                       Instant now) throws SQLException {
        if (tryClaim(c, officeHourId, entryId, professionalId, now)) {
            return new ClaimOutcome(ClaimStatus.CLAIMED, find(c, entryId).orElseThrow());
        }
        return new ClaimOutcome(ClaimStatus.NOT_WAITING, null);
    }

    /**
     * Takes the first WAITING entry in serving order. When another claimer wins that entry, the next candidate is
     * read afresh (an entry that lost nobody is never passed over); ids already lost are excluded, so the loop ends
     * even where the database still shows a just-claimed row as WAITING.
     */
    private ClaimOutcome claimNext(Connection c, String officeHourId, String professionalId, Instant now)
            throws SQLException {
        List<String> lost = new ArrayList<>();
        while (true) {
            Optional<String> candidate = nextCandidate(c, officeHourId, lost);
            if (candidate.isEmpty()) {
                return new ClaimOutcome(ClaimStatus.EMPTY, null);
            }
            String id = candidate.get();
            if (tryClaim(c, officeHourId, id, professionalId, now)) {
                return new ClaimOutcome(ClaimStatus.CLAIMED, find(c, id).orElseThrow());
            }
            lost.add(id);
        }
    }

    private static Optional<String> nextCandidate(Connection c, String officeHourId, List<String> excluded)
            throws SQLException {
        String exclusion = excluded.isEmpty() ? "" : " AND id NOT IN (" + Sql.placeholders(excluded.size()) + ")";
        List<Object> params = new ArrayList<>();
        params.add(QueueState.WAITING);
        params.addAll(excluded);
        return Sql.one(c, "SELECT id FROM queue_entries WHERE office_hour_id = ? AND state = ?" + exclusion
                + " ORDER BY " + SERVING_ORDER + " LIMIT 1", row -> row.getString(1),
                Sql.params(officeHourId, params));
    }

    private static boolean tryClaim(Connection c, String officeHourId, String entryId, String professionalId,
                                    Instant now) throws SQLException {
        return Sql.update(c, "UPDATE queue_entries SET state = ?, claimed_by = ?, claimed_at = ?"
                        + " WHERE id = ? AND office_hour_id = ? AND state = ?",
                QueueState.IN_CHAT, professionalId, now, entryId, officeHourId, QueueState.WAITING) == 1;
    }

    @Override
    public Optional<Entry> transition(String entryId, List<QueueState> from, QueueState to, Instant now) {
        Objects.requireNonNull(to, "to");
        if (from.isEmpty()) {
            return Optional.empty();
        }
        boolean active = ACTIVE.contains(to);
        // WAITING means "not held by anyone"; an ended entry keeps who served it, for the record.
        String claimedColumns = to == QueueState.WAITING ? ", claimed_by = NULL, claimed_at = NULL" : "";
        String sql = "UPDATE queue_entries SET state = ?, ended_at = ?,"
                + " active_key = " + (active ? "office_hour_id || ':' || client_principal_id" : "NULL")
                + claimedColumns
                + " WHERE id = ? AND state IN (" + Sql.placeholders(from.size()) + ")";
        List<Object> params = new ArrayList<>();
        params.add(active ? null : now);
        params.add(entryId);
        params.addAll(from);
        return db.transaction(c -> {
            if (Sql.update(c, sql, Sql.params(to, params)) == 0) {
                return Optional.<Entry>empty();
            }
            return find(c, entryId);
        });
    }

    @Override
    public boolean reassign(String entryId, String toProfessionalId, Instant now) {
        Objects.requireNonNull(toProfessionalId, "toProfessionalId");
        return db.write(c -> Sql.update(c, "UPDATE queue_entries SET claimed_by = ?, claimed_at = ?"
                + " WHERE id = ? AND state = ?", toProfessionalId, now, entryId, QueueState.IN_CHAT)) == 1;
    }

    @Override
    public boolean returnToQueue(String entryId) {
        return db.write(c -> Sql.update(c, "UPDATE queue_entries SET state = ?, claimed_by = NULL, claimed_at = NULL,"
                + " returned_by_transfer = ? WHERE id = ? AND state = ?",
                QueueState.WAITING, true, entryId, QueueState.IN_CHAT)) == 1;
    }

    @Override
    public boolean setUrgent(String entryId, boolean urgent) {
        return db.write(c -> Sql.update(c, "UPDATE queue_entries SET urgent = ? WHERE id = ? AND state IN (?, ?)",
                urgent, entryId, QueueState.WAITING, QueueState.IN_CHAT)) == 1;
    }

    @Override
    public boolean updateFirstQuestion(String entryId, String firstQuestion) {
        return db.write(c -> Sql.update(c, "UPDATE queue_entries SET first_question = ? WHERE id = ?"
                + " AND state IN (?, ?)", Ids.nullToEmpty(firstQuestion), entryId, QueueState.WAITING,
                QueueState.IN_CHAT)) == 1;
    }

    @Override
    public void setDisconnectedAt(String entryId, Instant at) {
        db.write(c -> Sql.update(c, "UPDATE queue_entries SET disconnected_at = ? WHERE id = ?", at, entryId));
    }

    @Override
    public List<Entry> disconnectedSince(Instant cutoff) {
        return db.run(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM queue_entries WHERE state IN (?, ?)"
                        + " AND disconnected_at IS NOT NULL AND disconnected_at < ? ORDER BY disconnected_at, id",
                JdbcQueue::map, QueueState.WAITING, QueueState.IN_CHAT, cutoff));
    }

    @Override
    public int chatsHeldBy(String professionalId) {
        return db.run(c -> countInChat(c, professionalId));
    }

    @Override
    public int deleteEndedBefore(Instant cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM queue_entries WHERE ended_at < ? AND state IN ("
                + Sql.placeholders(ENDED.size()) + ")", Sql.params(cutoff, ENDED)));
    }

    private static int countInChat(Connection c, String professionalId) throws SQLException {
        return (int) Sql.count(c, "SELECT COUNT(*) FROM queue_entries WHERE claimed_by = ? AND state = ?",
                professionalId, QueueState.IN_CHAT);
    }

    private static Optional<Entry> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM queue_entries WHERE id = ?", JdbcQueue::map, id);
    }

    private static String activeKey(String officeHourId, String clientPrincipalId) {
        return officeHourId + ":" + clientPrincipalId;
    }

    private static Entry map(ResultSet row) throws SQLException {
        return new Entry(row.getString("id"), row.getString("office_hour_id"), row.getString("organisation_id"),
                row.getString("conversation_id"), row.getString("client_principal_id"), row.getString("nickname"),
                row.getString("first_question"), row.getBoolean("urgent"), QueueState.valueOf(row.getString("state")),
                Times.read(row, "joined_at"), Times.read(row, "claimed_at"), row.getString("claimed_by"),
                Times.read(row, "ended_at"), row.getBoolean("returned_by_transfer"),
                Times.read(row, "disconnected_at"));
    }
}
