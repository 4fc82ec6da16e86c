package nl.spreekuur.server.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.MemberStatus;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Rooms;

/**
 * Rooms, their moderators, invites, members and moderation log. Redeeming an invite locks the invite's row and
 * then the room's row (always in that order) with SELECT ... FOR UPDATE, so uses and members are counted under the
 * lock: the last use of an invite and the last place in a room go to exactly one caller.
 */
final class JdbcRooms implements Rooms {
    private static final String ROOM_COLUMNS = "id, organisation_id, conversation_id, name, description,"
            + " member_limit, history_visibility, retention_days, state, created_at";
    private static final String INVITE_COLUMNS = "id, room_id, code, single_use, max_uses, uses, expires_at,"
            + " revoked_at, label, created_by, created_at";
    private static final String MEMBER_COLUMNS = "id, room_id, principal_id, participant_id, nickname, invite_id,"
            + " joined_at, end_status, ended_at, muted_until";

    private final Database db;

    JdbcRooms(Database db) {
        this.db = db;
    }

    // --- rooms ---

    @Override
    public Room create(Room draft) {
        Objects.requireNonNull(draft.organisationId(), "organisationId");
        Objects.requireNonNull(draft.conversationId(), "conversationId");
        Room room = new Room(draft.id() == null ? Ids.newId() : draft.id(), draft.organisationId(), draft.conversationId(), draft.name(),
                draft.description(), draft.moderatorIds(), draft.memberLimit(), draft.historyVisibility(),
                draft.retentionDays(), draft.state(), Times.truncate(draft.createdAt()));
        db.transaction(c -> {
            Sql.update(c, "INSERT INTO rooms (" + ROOM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    room.id(), room.organisationId(), room.conversationId(), room.name(), room.description(),
                    room.memberLimit(), room.historyVisibility(), room.retentionDays(), room.state(),
                    room.createdAt());
            insertModerators(c, room.id(), room.moderatorIds());
            return null;
        });
        return room;
    }

    @Override
    public Room update(Room room) {
        return db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE rooms SET name = ?, description = ?, member_limit = ?,"
                            + " history_visibility = ?, retention_days = ?, state = ? WHERE id = ?",
                    room.name(), room.description(), room.memberLimit(), room.historyVisibility(),
                    room.retentionDays(), room.state(), room.id());
            if (changed == 0) {
                throw new ConflictException("unknown room");
            }
            Sql.update(c, "DELETE FROM room_moderators WHERE room_id = ?", room.id());
            insertModerators(c, room.id(), room.moderatorIds());
            return findRoom(c, "id", room.id()).orElseThrow();
        });
    }

    private static void insertModerators(Connection c, String roomId, List<String> moderatorIds) throws SQLException {
        Sql.batch(c, "INSERT INTO room_moderators (room_id, account_id) VALUES (?, ?)",
                moderatorIds.stream().distinct().map(id -> new Object[] {roomId, id}).toList());
    }

    @Override
    public Optional<Room> byId(String id) {
        return db.run(c -> findRoom(c, "id", id));
    }

    @Override
    public Optional<Room> byConversation(String conversationId) {
        return db.run(c -> findRoom(c, "conversation_id", conversationId));
    }

    @Override
    public List<Room> byOrganisation(String organisationId) {
        return db.run(c -> {
            List<String> ids = Sql.list(c, "SELECT id FROM rooms WHERE organisation_id = ? ORDER BY created_at, id",
                    row -> row.getString(1), organisationId);
            List<Room> rooms = new java.util.ArrayList<>();
            for (String id : ids) {
                findRoom(c, "id", id).ifPresent(rooms::add);
            }
            return rooms;
        });
    }

    @Override
    public List<Room> withRetention() {
        return db.run(c -> {
            List<String> ids = Sql.list(c, "SELECT id FROM rooms WHERE retention_days > 0 ORDER BY created_at, id",
                    row -> row.getString(1));
            List<Room> rooms = new java.util.ArrayList<>();
            for (String id : ids) {
                findRoom(c, "id", id).ifPresent(rooms::add);
            }
            return rooms;
        });
    }

    @Override
    public int memberCount(String roomId) {
        return db.run(c -> (int) countMembers(c, roomId));
    }

    private static long countMembers(Connection c, String roomId) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM room_members WHERE room_id = ? AND end_status IS NULL", roomId);
    }

    /** {@code column} is one of our own column names, never input. */
    private static Optional<Room> findRoom(Connection c, String column, String value) throws SQLException {
        Optional<Room> bare = Sql.one(c, "SELECT " + ROOM_COLUMNS + " FROM rooms WHERE " + column + " = ?",
                row -> mapRoom(row, List.of()), value);
        if (bare.isEmpty()) {
            return bare;
        }
        Room r = bare.get();
        List<String> moderators = Sql.list(c, "SELECT account_id FROM room_moderators WHERE room_id = ?"
                + " ORDER BY account_id", row -> row.getString(1), r.id());
        return Optional.of(new Room(r.id(), r.organisationId(), r.conversationId(), r.name(), r.description(),
                moderators, r.memberLimit(), r.historyVisibility(), r.retentionDays(), r.state(), r.createdAt()));
    }

    @Override
    public boolean delete(String roomId) {
        return db.transaction(c -> {
            if (Sql.one(c, "SELECT id FROM rooms WHERE id = ? FOR UPDATE", row -> row.getString(1), roomId).isEmpty()) {
                return false;
            }
            Sql.update(c, "DELETE FROM room_moderation_log WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_hidden_messages WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_members WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_invites WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_moderators WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM rooms WHERE id = ?", roomId);
            return true;
        });
    }

    // --- invites ---

    @Override
    public Invite createInvite(Invite draft) {
        Invite invite = new Invite(Ids.newId(), draft.roomId(), draft.code(), draft.singleUse(), draft.maxUses(), 0,
                Times.truncate(draft.expiresAt()), null, draft.label(), draft.createdBy(),
                Times.truncate(draft.createdAt()));
        db.write(c -> Sql.update(c, "INSERT INTO room_invites (" + INVITE_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", invite.id(), invite.roomId(), invite.code(),
                invite.singleUse(), invite.maxUses(), 0, invite.expiresAt(), null, invite.label(),
                invite.createdBy(), invite.createdAt()));
        return invite;
    }

    @Override
    public List<Invite> invites(String roomId) {
        return db.run(c -> Sql.list(c, "SELECT " + INVITE_COLUMNS + " FROM room_invites WHERE room_id = ?"
                + " ORDER BY created_at, id", JdbcRooms::mapInvite, roomId));
    }

    @Override
    public Optional<Invite> inviteById(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + INVITE_COLUMNS + " FROM room_invites WHERE id = ?",
                JdbcRooms::mapInvite, id));
    }

    @Override
    public Optional<Invite> inviteByCode(String code) {
        return db.run(c -> Sql.one(c, "SELECT " + INVITE_COLUMNS + " FROM room_invites WHERE code = ?",
                JdbcRooms::mapInvite, code));
    }

    @Override
    public boolean revokeInvite(String inviteId, Instant at) {
        return db.write(c -> Sql.update(c, "UPDATE room_invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                at, inviteId)) == 1;
    }

    // --- members ---

    @Override
    public JoinOutcome redeem(String code, String principalId, String nickname, Instant now) {
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(nickname, "nickname");
        return db.transaction(c -> {
            Optional<Invite> locked = Sql.one(c, "SELECT " + INVITE_COLUMNS + " FROM room_invites WHERE code = ?"
                    + " FOR UPDATE", JdbcRooms::mapInvite, code);
            if (locked.isEmpty()) {
                return refused(JoinRefusal.UNKNOWN_CODE);
            }
            Invite invite = locked.get();
            if (invite.revokedAt() != null) {
                return refused(JoinRefusal.REVOKED);
            }
            if (invite.expiresAt() != null && !now.isBefore(invite.expiresAt())) {
                return refused(JoinRefusal.EXPIRED);
            }
            int maxUses = invite.singleUse() ? 1 : invite.maxUses();
            if (maxUses > 0 && invite.uses() >= maxUses) {
                return refused(JoinRefusal.USED_UP);
            }
            Optional<Object[]> room = Sql.one(c, "SELECT state, member_limit FROM rooms WHERE id = ? FOR UPDATE",
                    row -> new Object[] {row.getString(1), row.getInt(2)}, invite.roomId());
            if (room.isEmpty() || RoomState.valueOf((String) room.get()[0]) == RoomState.ROOM_CLOSED) {
                return refused(JoinRefusal.ROOM_CLOSED);
            }
            if (countMembers(c, invite.roomId()) >= (Integer) room.get()[1]) {
                return refused(JoinRefusal.ROOM_FULL);
            }
            Member member = new Member(Ids.newId(), invite.roomId(), principalId, null, nickname, invite.id(),
                    Times.truncate(now), null, null, null);
            Sql.update(c, "INSERT INTO room_members (id, room_id, principal_id, nickname, invite_id, joined_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)", member.id(), member.roomId(), principalId, nickname,
                    invite.id(), member.joinedAt());
            Sql.update(c, "UPDATE room_invites SET uses = uses + 1 WHERE id = ?", invite.id());
            return new JoinOutcome(member, null);
        });
    }

    private static JoinOutcome refused(JoinRefusal refusal) {
        return new JoinOutcome(null, refusal);
    }

    @Override
    public void setParticipant(String memberId, String participantId) {
        db.write(c -> Sql.update(c, "UPDATE room_members SET participant_id = ? WHERE id = ?", participantId,
                memberId));
    }

    @Override
    public Optional<Member> memberByPrincipal(String principalId) {
        return db.run(c -> Sql.one(c, "SELECT " + MEMBER_COLUMNS + " FROM room_members WHERE principal_id = ?",
                JdbcRooms::mapMember, principalId));
    }

    @Override
    public Optional<Member> memberByParticipant(String roomId, String participantId) {
        return db.run(c -> Sql.one(c, "SELECT " + MEMBER_COLUMNS + " FROM room_members"
                + " WHERE room_id = ? AND participant_id = ?", JdbcRooms::mapMember, roomId, participantId));
    }

    @Override
    public List<Member> members(String roomId, boolean includeFormer) {
        return db.run(c -> Sql.list(c, "SELECT " + MEMBER_COLUMNS + " FROM room_members WHERE room_id = ?"
                        + (includeFormer ? "" : " AND end_status IS NULL") + " ORDER BY joined_at, id",
                JdbcRooms::mapMember, roomId));
    }

    @Override
    public boolean setMutedUntil(String memberId, Instant until) {
        return db.write(c -> Sql.update(c, "UPDATE room_members SET muted_until = ? WHERE id = ? AND end_status IS NULL",
                until, memberId)) == 1;
    }

    @Override
    public boolean endMembership(String memberId, MemberStatus status, Instant at) {
        if (status != MemberStatus.MEMBER_LEFT && status != MemberStatus.MEMBER_REMOVED) {
            throw new IllegalArgumentException("a membership ends as left or removed, not " + status);
        }
        return db.write(c -> Sql.update(c, "UPDATE room_members SET end_status = ?, ended_at = ?"
                + " WHERE id = ? AND end_status IS NULL", status, at, memberId)) == 1;
    }

    // --- hidden messages ---

    @Override
    public void keepHidden(String roomId, long ofSeq, List<ConversationEvent> originals, Instant at) {
        db.transaction(c -> {
            for (ConversationEvent e : originals) {
                Sql.update(c, "DELETE FROM room_hidden_messages WHERE room_id = ? AND seq = ?", roomId, e.getSeq());
                Sql.update(c, "INSERT INTO room_hidden_messages (room_id, seq, of_seq, payload, hidden_at)"
                        + " VALUES (?, ?, ?, ?, ?)", roomId, e.getSeq(), ofSeq, e.toByteArray(), at);
            }
            return null;
        });
    }

    @Override
    public List<ConversationEvent> hiddenOf(String roomId, long ofSeq) {
        return db.run(c -> Sql.list(c, "SELECT payload FROM room_hidden_messages WHERE room_id = ? AND of_seq = ?"
                + " ORDER BY seq", JdbcRooms::mapHidden, roomId, ofSeq));
    }

    @Override
    public List<ConversationEvent> hidden(String roomId) {
        return db.run(c -> Sql.list(c, "SELECT payload FROM room_hidden_messages WHERE room_id = ? ORDER BY seq",
                JdbcRooms::mapHidden, roomId));
    }

    @Override
    public int forgetHidden(String roomId, long ofSeq) {
        return db.write(c -> Sql.update(c, "DELETE FROM room_hidden_messages WHERE room_id = ? AND of_seq = ?",
                roomId, ofSeq));
    }

    @Override
    public int forgetHiddenBefore(String roomId, long seq) {
        return db.write(c -> Sql.update(c, "DELETE FROM room_hidden_messages WHERE room_id = ? AND seq < ?",
                roomId, seq));
    }

    private static ConversationEvent mapHidden(ResultSet row) throws SQLException {
        try {
            return ConversationEvent.parseFrom(row.getBytes("payload"));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new nl.spreekuur.server.store.StoreException("hidden message cannot be decoded", e);
        }
    }

    // --- moderation log ---

    @Override
    public void log(String roomId, LogEntry entry) {
        db.transaction(c -> {
            Sql.one(c, "SELECT id FROM rooms WHERE id = ? FOR UPDATE", row -> row.getString(1), roomId)
                    .orElseThrow(() -> new ConflictException("unknown room"));
            long order = Sql.count(c, "SELECT COALESCE(MAX(log_order), 0) + 1 FROM room_moderation_log"
                    + " WHERE room_id = ?", roomId);
            return Sql.update(c, "INSERT INTO room_moderation_log (id, room_id, log_order, at, moderator_id,"
                            + " moderator_name, action, participant_id, reason, until_at, seq)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Ids.newId(), roomId, order, entry.at(), entry.moderatorId(), entry.moderatorName(),
                    entry.action(), Ids.nullToEmpty(entry.participantId()), entry.reason(), entry.until(),
                    entry.seq());
        });
    }

    @Override
    public List<LogEntry> log(String roomId) {
        return db.run(c -> Sql.list(c, "SELECT at, moderator_id, moderator_name, action, participant_id, reason,"
                + " until_at, seq FROM room_moderation_log WHERE room_id = ? ORDER BY log_order", row -> new LogEntry(
                Times.read(row, "at"), row.getString("moderator_id"), row.getString("moderator_name"),
                ModerationAction.valueOf(row.getString("action")), row.getString("participant_id"),
                row.getString("reason"), Times.read(row, "until_at"), row.getLong("seq")), roomId));
    }

    // --- mapping ---

    private static Room mapRoom(ResultSet row, List<String> moderators) throws SQLException {
        return new Room(row.getString("id"), row.getString("organisation_id"), row.getString("conversation_id"),
                row.getString("name"), row.getString("description"), moderators, row.getInt("member_limit"),
                HistoryVisibility.valueOf(row.getString("history_visibility")), row.getInt("retention_days"),
                RoomState.valueOf(row.getString("state")), Times.read(row, "created_at"));
    }

    private static Invite mapInvite(ResultSet row) throws SQLException {
        return new Invite(row.getString("id"), row.getString("room_id"), row.getString("code"),
                row.getBoolean("single_use"), row.getInt("max_uses"), row.getInt("uses"),
                Times.read(row, "expires_at"), Times.read(row, "revoked_at"), row.getString("label"),
                row.getString("created_by"), Times.read(row, "created_at"));
    }

    private static Member mapMember(ResultSet row) throws SQLException {
        String status = row.getString("end_status");
        return new Member(row.getString("id"), row.getString("room_id"), row.getString("principal_id"),
                row.getString("participant_id"), row.getString("nickname"), row.getString("invite_id"),
                Times.read(row, "joined_at"), status == null ? null : MemberStatus.valueOf(status),
                Times.read(row, "ended_at"), Times.read(row, "muted_until"));
    }
}
