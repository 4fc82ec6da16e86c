package nl.spreekuur.server.store.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.KnockState;
import nl.spreekuur.protocol.v1.MeetingAnswer;
import nl.spreekuur.protocol.v1.PrivateTalkState;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.StoreException;

/**
 * Knocks, private talks, concerns and meetings. Deciding a knock and claiming a talk are conditional updates on the
 * row's state, so of two moderators acting at once exactly one changes it; approving a knock also locks the room's
 * row while its members are counted (the same order as {@code JdbcRooms#redeem}: then the room).
 */
final class JdbcRoomPeople implements RoomPeople {
    private static final String KNOCK_COLUMNS = "id, room_id, principal_id, nickname, state, knocked_at, decided_at,"
            + " decided_by_name, rules_accepted_at";
    private static final String TALK_COLUMNS = "id, room_id, member_principal_id, participant_id, nickname, state,"
            + " requested_by_member, requested_at, moderator_id, moderator_name, opened_at, conversation_id, ended_at";
    private static final String MEETING_COLUMNS = "id, room_id, starts_at, duration_minutes, online, location, title,"
            + " created_by";
    private static final String MEETING_READ_COLUMNS = MEETING_COLUMNS + ", attended";

    private final Database db;

    JdbcRoomPeople(Database db) {
        this.db = db;
    }

    // --- knocking ---

    @Override
    public KnockLink setKnockLink(String roomId, String code, Instant at) {
        KnockLink link = new KnockLink(roomId, code, Times.truncate(at));
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM room_knock_links WHERE room_id = ?", roomId);
            Sql.update(c, "INSERT INTO room_knock_links (room_id, code, created_at) VALUES (?, ?, ?)", roomId, code,
                    link.createdAt());
            return null;
        });
        return link;
    }

    @Override
    public boolean removeKnockLink(String roomId) {
        return db.write(c -> Sql.update(c, "DELETE FROM room_knock_links WHERE room_id = ?", roomId)) == 1;
    }

    @Override
    public Optional<KnockLink> knockLink(String roomId) {
        return db.run(c -> Sql.one(c, "SELECT room_id, code, created_at FROM room_knock_links WHERE room_id = ?",
                JdbcRoomPeople::mapLink, roomId));
    }

    @Override
    public Optional<KnockLink> knockLinkByCode(String code) {
        return db.run(c -> Sql.one(c, "SELECT room_id, code, created_at FROM room_knock_links WHERE code = ?",
                JdbcRoomPeople::mapLink, code));
    }

    @Override
    public Knock addKnock(String roomId, String principalId, String nickname, Instant rulesAcceptedAt, Instant at) {
        Knock knock = new Knock(Ids.newId(), roomId, principalId, nickname, KnockState.KNOCK_PENDING,
                Times.truncate(at), null, "", rulesAcceptedAt == null ? null : Times.truncate(rulesAcceptedAt));
        db.write(c -> Sql.update(c, "INSERT INTO room_knocks (" + KNOCK_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", knock.id(), roomId, principalId, nickname, knock.state(),
                knock.knockedAt(), null, "", knock.rulesAcceptedAt()));
        return knock;
    }

    @Override
    public Optional<Knock> knock(String id) {
        return db.run(c -> findKnock(c, id));
    }

    private static Optional<Knock> findKnock(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + KNOCK_COLUMNS + " FROM room_knocks WHERE id = ?", JdbcRoomPeople::mapKnock, id);
    }

    @Override
    public Optional<Knock> knockByPrincipal(String principalId) {
        return db.run(c -> Sql.one(c, "SELECT " + KNOCK_COLUMNS + " FROM room_knocks WHERE principal_id = ?",
                JdbcRoomPeople::mapKnock, principalId));
    }

    @Override
    public List<Knock> pendingKnocks(String roomId) {
        return db.run(c -> Sql.list(c, "SELECT " + KNOCK_COLUMNS + " FROM room_knocks WHERE room_id = ? AND state = ?"
                + " ORDER BY knocked_at, id", JdbcRoomPeople::mapKnock, roomId, KnockState.KNOCK_PENDING));
    }

    @Override
    public int pendingKnockCount(String roomId) {
        return db.run(c -> (int) Sql.count(c, "SELECT COUNT(*) FROM room_knocks WHERE room_id = ? AND state = ?",
                roomId, KnockState.KNOCK_PENDING));
    }

    @Override
    public Admitted approveKnock(String knockId, String decidedByName, Instant at) {
        Instant now = Times.truncate(at);
        return db.transaction(c -> {
            Optional<Knock> locked = Sql.one(c, "SELECT " + KNOCK_COLUMNS + " FROM room_knocks WHERE id = ? FOR UPDATE",
                    JdbcRoomPeople::mapKnock, knockId);
            if (locked.isEmpty() || locked.get().state() != KnockState.KNOCK_PENDING) {
                return new Admitted(null, AdmitRefusal.NOT_PENDING);
            }
            Knock knock = locked.get();
            Optional<Object[]> room = Sql.one(c, "SELECT state, member_limit FROM rooms WHERE id = ? FOR UPDATE",
                    row -> new Object[] {row.getString(1), row.getInt(2)}, knock.roomId());
            if (room.isEmpty() || RoomState.valueOf((String) room.get()[0]) == RoomState.ROOM_CLOSED) {
                return new Admitted(null, AdmitRefusal.ROOM_CLOSED);
            }
            long members = Sql.count(c, "SELECT COUNT(*) FROM room_members WHERE room_id = ? AND end_status IS NULL",
                    knock.roomId());
            if (members >= (Integer) room.get()[1]) {
                return new Admitted(null, AdmitRefusal.ROOM_FULL);
            }
            Rooms.Member member = new Rooms.Member(Ids.newId(), knock.roomId(), knock.principalId(), null,
                    knock.nickname(), null, now, null, null, null);
            Sql.update(c, "INSERT INTO room_members (id, room_id, principal_id, nickname, invite_id, joined_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", member.id(), member.roomId(), member.principalId(),
                    member.nickname(), null, now);
            Sql.update(c, "UPDATE room_knocks SET state = ?, decided_at = ?, decided_by_name = ? WHERE id = ?",
                    KnockState.KNOCK_APPROVED, now, decidedByName, knockId);
            return new Admitted(member, null);
        });
    }

    @Override
    public boolean refuseKnock(String knockId, String decidedByName, Instant at) {
        return db.write(c -> Sql.update(c, "UPDATE room_knocks SET state = ?, decided_at = ?, decided_by_name = ?"
                        + " WHERE id = ? AND state = ?", KnockState.KNOCK_REFUSED, Times.truncate(at), decidedByName,
                knockId, KnockState.KNOCK_PENDING)) == 1;
    }

    @Override
    public List<Knock> purgeDecidedKnocks(Instant decidedBefore) {
        return db.transaction(c -> {
            List<Knock> due = Sql.list(c, "SELECT " + KNOCK_COLUMNS + " FROM room_knocks WHERE state <> ?"
                            + " AND decided_at < ? ORDER BY decided_at, id", JdbcRoomPeople::mapKnock,
                    KnockState.KNOCK_PENDING, decidedBefore);
            for (Knock knock : due) {
                Sql.update(c, "DELETE FROM room_knocks WHERE id = ?", knock.id());
            }
            return due;
        });
    }

    // --- private talks ---

    @Override
    public Talk addTalk(Talk d) {
        Talk talk = new Talk(Ids.newId(), d.roomId(), d.memberPrincipalId(), d.participantId(), d.nickname(),
                d.state(), d.requestedByMember(), Times.truncate(d.requestedAt()), d.moderatorId(),
                d.moderatorName() == null ? "" : d.moderatorName(),
                d.openedAt() == null ? null : Times.truncate(d.openedAt()), d.conversationId(), null);
        db.write(c -> Sql.update(c, "INSERT INTO room_private_talks (" + TALK_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", talk.id(), talk.roomId(),
                talk.memberPrincipalId(), talk.participantId(), talk.nickname(), talk.state(),
                talk.requestedByMember(), talk.requestedAt(), talk.moderatorId(), talk.moderatorName(),
                talk.openedAt(), talk.conversationId(), null));
        return talk;
    }

    @Override
    public Optional<Talk> talk(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + TALK_COLUMNS + " FROM room_private_talks WHERE id = ?",
                JdbcRoomPeople::mapTalk, id));
    }

    @Override
    public Optional<Talk> liveTalkOf(String roomId, String memberPrincipalId) {
        return db.run(c -> Sql.list(c, "SELECT " + TALK_COLUMNS + " FROM room_private_talks WHERE room_id = ?"
                        + " AND member_principal_id = ? AND state <> ? ORDER BY requested_at, id",
                JdbcRoomPeople::mapTalk, roomId, memberPrincipalId, PrivateTalkState.TALK_ENDED))
                .stream().findFirst();
    }

    @Override
    public List<Talk> talks(String roomId, boolean includeEnded) {
        return db.run(c -> Sql.list(c, "SELECT " + TALK_COLUMNS + " FROM room_private_talks WHERE room_id = ?"
                        + (includeEnded ? "" : " AND state <> 'TALK_ENDED'") + " ORDER BY requested_at, id",
                JdbcRoomPeople::mapTalk, roomId));
    }

    @Override
    public List<Talk> talksOfMember(String memberPrincipalId) {
        return db.run(c -> Sql.list(c, "SELECT " + TALK_COLUMNS + " FROM room_private_talks"
                        + " WHERE member_principal_id = ? AND state <> ? ORDER BY requested_at, id",
                JdbcRoomPeople::mapTalk, memberPrincipalId, PrivateTalkState.TALK_ENDED));
    }

    @Override
    public List<Talk> openTalksOfModerator(String moderatorId) {
        return db.run(c -> Sql.list(c, "SELECT " + TALK_COLUMNS + " FROM room_private_talks"
                        + " WHERE moderator_id = ? AND state = ? ORDER BY requested_at, id",
                JdbcRoomPeople::mapTalk, moderatorId, PrivateTalkState.TALK_OPEN));
    }

    @Override
    public boolean claimTalk(String talkId, String moderatorId, String moderatorName, Instant at) {
        return db.write(c -> Sql.update(c, "UPDATE room_private_talks SET state = ?, moderator_id = ?,"
                        + " moderator_name = ?, opened_at = ? WHERE id = ? AND state = ?", PrivateTalkState.TALK_OPEN,
                moderatorId, moderatorName, Times.truncate(at), talkId, PrivateTalkState.TALK_REQUESTED)) == 1;
    }

    @Override
    public void setTalkConversation(String talkId, String conversationId) {
        db.write(c -> Sql.update(c, "UPDATE room_private_talks SET conversation_id = ? WHERE id = ?", conversationId,
                talkId));
    }

    @Override
    public boolean endTalk(String talkId, Instant at) {
        return db.write(c -> Sql.update(c, "UPDATE room_private_talks SET state = ?, ended_at = ? WHERE id = ?"
                + " AND state <> ?", PrivateTalkState.TALK_ENDED, Times.truncate(at), talkId,
                PrivateTalkState.TALK_ENDED)) == 1;
    }

    @Override
    public List<Talk> talksEndedBefore(Instant cutoff) {
        return db.run(c -> Sql.list(c, "SELECT " + TALK_COLUMNS + " FROM room_private_talks WHERE state = ?"
                + " AND ended_at < ? ORDER BY ended_at, id", JdbcRoomPeople::mapTalk, PrivateTalkState.TALK_ENDED,
                cutoff));
    }

    @Override
    public boolean deleteTalk(String talkId) {
        return db.write(c -> Sql.update(c, "DELETE FROM room_private_talks WHERE id = ?", talkId)) == 1;
    }

    // --- concerns ---

    @Override
    public Concern addConcern(Concern concern, Instant at) {
        Concern stored = concern.toBuilder().setId(Ids.newId()).build();
        db.write(c -> Sql.update(c, "INSERT INTO room_concerns (id, room_id, participant_id, payload, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)", stored.getId(), stored.getRoomId(), stored.getParticipantId(),
                stored.toByteArray(), Times.truncate(at)));
        return stored;
    }

    @Override
    public boolean updateConcern(Concern concern) {
        return db.write(c -> Sql.update(c, "UPDATE room_concerns SET payload = ? WHERE id = ? AND room_id = ?",
                concern.toByteArray(), concern.getId(), concern.getRoomId())) == 1;
    }

    @Override
    public Optional<Concern> concern(String id) {
        return db.run(c -> Sql.one(c, "SELECT payload FROM room_concerns WHERE id = ?", JdbcRoomPeople::mapConcern, id));
    }

    @Override
    public List<Concern> concerns(String roomId, String participantId) {
        return db.run(c -> participantId == null
                ? Sql.list(c, "SELECT payload FROM room_concerns WHERE room_id = ? ORDER BY created_at, id",
                JdbcRoomPeople::mapConcern, roomId)
                : Sql.list(c, "SELECT payload FROM room_concerns WHERE room_id = ? AND participant_id = ?"
                + " ORDER BY created_at, id", JdbcRoomPeople::mapConcern, roomId, participantId));
    }

    @Override
    public List<Concern> concernsRecordedBefore(Instant cutoff) {
        return db.run(c -> Sql.list(c, "SELECT payload FROM room_concerns WHERE created_at < ? ORDER BY created_at, id",
                JdbcRoomPeople::mapConcern, cutoff));
    }

    @Override
    public boolean deleteConcern(String id) {
        return db.write(c -> Sql.update(c, "DELETE FROM room_concerns WHERE id = ?", id)) == 1;
    }

    // --- meetings ---

    @Override
    public Meeting saveMeeting(Meeting m) {
        Meeting meeting = new Meeting(m.id() == null ? Ids.newId() : m.id(), m.roomId(), Times.truncate(m.startsAt()),
                m.durationMinutes(), m.online(), m.location(), m.title(), m.createdBy());
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE room_meetings SET starts_at = ?, duration_minutes = ?, online = ?,"
                            + " location = ?, title = ?, ends_at = ? WHERE id = ? AND room_id = ?",
                    meeting.startsAt(), meeting.durationMinutes(), meeting.online(), meeting.location(),
                    meeting.title(), meeting.endsAt(), meeting.id(), meeting.roomId());
            if (changed == 0) {
                Sql.update(c, "INSERT INTO room_meetings (" + MEETING_COLUMNS + ", ends_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", meeting.id(), meeting.roomId(),
                        meeting.startsAt(), meeting.durationMinutes(), meeting.online(), meeting.location(),
                        meeting.title(), meeting.createdBy(), meeting.endsAt());
            }
            return null;
        });
        // a changed plan keeps the head count recorded before
        return m.id() == null ? meeting : meeting(meeting.id()).orElse(meeting);
    }

    @Override
    public Optional<Meeting> meeting(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + MEETING_READ_COLUMNS + " FROM room_meetings WHERE id = ?",
                JdbcRoomPeople::mapMeeting, id));
    }

    @Override
    public List<Meeting> upcomingMeetings(String roomId, Instant after) {
        return db.run(c -> Sql.list(c, "SELECT " + MEETING_READ_COLUMNS + " FROM room_meetings WHERE room_id = ?"
                + " AND ends_at > ? ORDER BY starts_at, id", JdbcRoomPeople::mapMeeting, roomId, after));
    }

    @Override
    public Optional<Meeting> recordAttendance(String meetingId, int attended) {
        return db.transaction(c -> {
            if (Sql.update(c, "UPDATE room_meetings SET attended = ? WHERE id = ?", attended, meetingId) == 0) {
                return Optional.<Meeting>empty();
            }
            return Sql.one(c, "SELECT " + MEETING_READ_COLUMNS + " FROM room_meetings WHERE id = ?",
                    JdbcRoomPeople::mapMeeting, meetingId);
        });
    }

    @Override
    public boolean deleteMeeting(String id) {
        return db.transaction(c -> {
            Sql.update(c, "DELETE FROM room_meeting_answers WHERE meeting_id = ?", id);
            return Sql.update(c, "DELETE FROM room_meetings WHERE id = ?", id) == 1;
        });
    }

    @Override
    public void answerMeeting(String meetingId, String principalId, MeetingAnswer answer, Instant at) {
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE room_meeting_answers SET answer = ?, answered_at = ?"
                    + " WHERE meeting_id = ? AND principal_id = ?", answer, Times.truncate(at), meetingId, principalId);
            if (changed == 0) {
                Sql.update(c, "INSERT INTO room_meeting_answers (meeting_id, principal_id, answer, answered_at)"
                        + " VALUES (?, ?, ?, ?)", meetingId, principalId, answer, Times.truncate(at));
            }
            return null;
        });
    }

    @Override
    public Answers answers(String meetingId) {
        return db.run(c -> new Answers(
                (int) Sql.count(c, "SELECT COUNT(*) FROM room_meeting_answers WHERE meeting_id = ? AND answer = ?",
                        meetingId, MeetingAnswer.MEETING_COMING),
                (int) Sql.count(c, "SELECT COUNT(*) FROM room_meeting_answers WHERE meeting_id = ? AND answer = ?",
                        meetingId, MeetingAnswer.MEETING_NOT_COMING)));
    }

    @Override
    public MeetingAnswer answerOf(String meetingId, String principalId) {
        return db.run(c -> Sql.one(c, "SELECT answer FROM room_meeting_answers WHERE meeting_id = ?"
                        + " AND principal_id = ?", row -> MeetingAnswer.valueOf(row.getString(1)), meetingId,
                principalId)).orElse(MeetingAnswer.MEETING_ANSWER_UNSPECIFIED);
    }

    // --- last seen ---

    @Override
    public void seen(String roomId, String principalId, Instant at) {
        Instant when = Times.truncate(at);
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE room_member_seen SET last_seen_at = ? WHERE principal_id = ?"
                    + " AND last_seen_at < ?", when, principalId, when);
            if (changed == 0 && Sql.count(c, "SELECT COUNT(*) FROM room_member_seen WHERE principal_id = ?",
                    principalId) == 0) {
                Sql.update(c, "INSERT INTO room_member_seen (principal_id, room_id, last_seen_at) VALUES (?, ?, ?)",
                        principalId, roomId, when);
            }
            return null;
        });
    }

    @Override
    public java.util.Map<String, Instant> lastSeen(String roomId) {
        java.util.Map<String, Instant> seen = new java.util.HashMap<>();
        db.run(c -> Sql.list(c, "SELECT principal_id, last_seen_at FROM room_member_seen WHERE room_id = ?",
                row -> seen.put(row.getString(1), Times.read(row, "last_seen_at")), roomId));
        return seen;
    }

    // --- breaks ---

    @Override
    public void setBreak(String roomId, String principalId, Instant until) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM room_member_breaks WHERE principal_id = ?", principalId);
            if (until != null) {
                Sql.update(c, "INSERT INTO room_member_breaks (principal_id, room_id, until_at) VALUES (?, ?, ?)",
                        principalId, roomId, Times.truncate(until));
            }
            return null;
        });
    }

    @Override
    public Optional<Instant> breakUntil(String principalId) {
        return db.run(c -> Sql.one(c, "SELECT until_at FROM room_member_breaks WHERE principal_id = ?",
                row -> Times.read(row, "until_at"), principalId));
    }

    @Override
    public java.util.Map<String, Instant> breaks(String roomId) {
        java.util.Map<String, Instant> breaks = new java.util.HashMap<>();
        db.run(c -> Sql.list(c, "SELECT principal_id, until_at FROM room_member_breaks WHERE room_id = ?",
                row -> breaks.put(row.getString(1), Times.read(row, "until_at")), roomId));
        return breaks;
    }

    @Override
    public void setOnlineHidden(String roomId, String principalId, boolean hidden) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM room_member_prefs WHERE principal_id = ?", principalId);
            if (hidden) {
                Sql.update(c, "INSERT INTO room_member_prefs (principal_id, room_id, online_hidden) VALUES (?, ?, ?)",
                        principalId, roomId, true);
            }
            return null;
        });
    }

    @Override
    public boolean onlineHidden(String principalId) {
        return db.run(c -> Sql.one(c, "SELECT online_hidden FROM room_member_prefs WHERE principal_id = ?",
                row -> row.getBoolean(1), principalId)).orElse(false);
    }

    // --- the room's end ---

    @Override
    public void deleteRoom(String roomId) {
        db.transaction(c -> {
            Sql.update(c, "DELETE FROM room_meeting_answers WHERE meeting_id IN"
                    + " (SELECT id FROM room_meetings WHERE room_id = ?)", roomId);
            Sql.update(c, "DELETE FROM room_meetings WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_concerns WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_private_talks WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_knocks WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_knock_links WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_member_seen WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_member_breaks WHERE room_id = ?", roomId);
            Sql.update(c, "DELETE FROM room_member_prefs WHERE room_id = ?", roomId);
            return null;
        });
    }

    // --- mapping ---

    private static KnockLink mapLink(ResultSet row) throws SQLException {
        return new KnockLink(row.getString("room_id"), row.getString("code"), Times.read(row, "created_at"));
    }

    private static Knock mapKnock(ResultSet row) throws SQLException {
        return new Knock(row.getString("id"), row.getString("room_id"), row.getString("principal_id"),
                row.getString("nickname"), KnockState.valueOf(row.getString("state")), Times.read(row, "knocked_at"),
                Times.read(row, "decided_at"), row.getString("decided_by_name"), Times.read(row, "rules_accepted_at"));
    }

    private static Talk mapTalk(ResultSet row) throws SQLException {
        return new Talk(row.getString("id"), row.getString("room_id"), row.getString("member_principal_id"),
                row.getString("participant_id"), row.getString("nickname"),
                PrivateTalkState.valueOf(row.getString("state")), row.getBoolean("requested_by_member"),
                Times.read(row, "requested_at"), row.getString("moderator_id"), row.getString("moderator_name"),
                Times.read(row, "opened_at"), row.getString("conversation_id"), Times.read(row, "ended_at"));
    }

    private static Concern mapConcern(ResultSet row) throws SQLException {
        try {
            return Concern.parseFrom(row.getBytes("payload"));
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("unreadable concern", e);
        }
    }

    private static Meeting mapMeeting(ResultSet row) throws SQLException {
        return new Meeting(row.getString("id"), row.getString("room_id"), Times.read(row, "starts_at"),
                row.getInt("duration_minutes"), row.getBoolean("online"), row.getString("location"),
                row.getString("title"), row.getString("created_by"),
                row.getObject("attended") == null ? null : row.getInt("attended"));
    }
}
