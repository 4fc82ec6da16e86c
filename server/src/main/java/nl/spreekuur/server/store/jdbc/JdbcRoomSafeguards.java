package nl.spreekuur.server.store.jdbc;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.HeldMessage;
import nl.spreekuur.protocol.v1.HelpInfo;
import nl.spreekuur.protocol.v1.ReportOutcome;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.server.store.RoomSafeguards;
import nl.spreekuur.server.store.StoreException;

/** The safety rows of group rooms (V12). Member rows are created on first use (upsert by select-then-write). */
final class JdbcRoomSafeguards implements RoomSafeguards {
    private static final String REPORT_COLUMNS = "id, room_id, seq, author_participant_id, reporter_participant_id,"
            + " reason, reported_at, outcome, resolution_reason, resolved_by_name, resolved_at";
    private static final String MEMBER_COLUMNS = "room_id, participant_id, rules_accepted_at, held_since,"
            + " hold_lifted_at";

    private static final String HELD_COLUMNS = "room_id, payload, review, seq";

    private final Database db;

    JdbcRoomSafeguards(Database db) {
        this.db = db;
    }

    @Override
    public Optional<OrganisationDefaults> organisationDefaults(String organisationId) {
        return db.run(c -> Sql.one(c, "SELECT default_house_rules, help FROM organisation_room_safety"
                + " WHERE organisation_id = ?", row -> new OrganisationDefaults(row.getString(1),
                parse(row.getBytes(2), HelpInfo.parser())), organisationId));
    }

    @Override
    public void saveOrganisationDefaults(String organisationId, OrganisationDefaults defaults) {
        byte[] help = (defaults.help() == null ? HelpInfo.getDefaultInstance() : defaults.help()).toByteArray();
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE organisation_room_safety SET default_house_rules = ?, help = ?"
                    + " WHERE organisation_id = ?", defaults.houseRules(), help, organisationId);
            if (changed == 0) {
                Sql.update(c, "INSERT INTO organisation_room_safety (organisation_id, default_house_rules, help)"
                        + " VALUES (?, ?, ?)", organisationId, defaults.houseRules(), help);
            }
            return null;
        });
    }

    @Override
    public Optional<RoomSafety> settings(String roomId) {
        return db.run(c -> Sql.one(c, "SELECT settings FROM room_safety WHERE room_id = ?",
                row -> parse(row.getBytes(1), RoomSafety.parser()), roomId));
    }

    @Override
    public void saveSettings(String roomId, RoomSafety settings) {
        db.transaction(c -> {
            int changed = Sql.update(c, "UPDATE room_safety SET settings = ? WHERE room_id = ?",
                    settings.toByteArray(), roomId);
            if (changed == 0) {
                Sql.update(c, "INSERT INTO room_safety (room_id, settings) VALUES (?, ?)", roomId,
                        settings.toByteArray());
            }
            return null;
        });
    }

    @Override
    public Optional<MemberSafety> member(String roomId, String participantId) {
        return db.run(c -> Sql.one(c, "SELECT " + MEMBER_COLUMNS + " FROM room_member_safety WHERE room_id = ?"
                + " AND participant_id = ?", JdbcRoomSafeguards::mapMember, roomId, participantId));
    }

    @Override
    public void acceptRules(String roomId, String participantId, Instant at) {
        db.transaction(c -> {
            ensureMember(c, roomId, participantId);
            return Sql.update(c, "UPDATE room_member_safety SET rules_accepted_at = ? WHERE room_id = ?"
                    + " AND participant_id = ? AND rules_accepted_at IS NULL", Times.truncate(at), roomId,
                    participantId);
        });
    }

    @Override
    public boolean hold(String roomId, String participantId, Instant at) {
        return db.transaction(c -> {
            ensureMember(c, roomId, participantId);
            return Sql.update(c, "UPDATE room_member_safety SET held_since = ? WHERE room_id = ?"
                    + " AND participant_id = ? AND held_since IS NULL", Times.truncate(at), roomId,
                    participantId) == 1;
        });
    }

    @Override
    public boolean liftHold(String roomId, String participantId, Instant at) {
        return db.transaction(c -> Sql.update(c, "UPDATE room_member_safety SET held_since = NULL,"
                + " hold_lifted_at = ? WHERE room_id = ? AND participant_id = ? AND held_since IS NOT NULL",
                Times.truncate(at), roomId, participantId) == 1);
    }

    @Override
    public List<MemberSafety> membersOnHold(String roomId) {
        return db.run(c -> Sql.list(c, "SELECT " + MEMBER_COLUMNS + " FROM room_member_safety WHERE room_id = ?"
                + " AND held_since IS NOT NULL ORDER BY held_since, participant_id", JdbcRoomSafeguards::mapMember,
                roomId));
    }

    private static void ensureMember(java.sql.Connection c, String roomId, String participantId)
            throws SQLException {
        if (Sql.count(c, "SELECT COUNT(*) FROM room_member_safety WHERE room_id = ? AND participant_id = ?",
                roomId, participantId) == 0) {
            Sql.update(c, "INSERT INTO room_member_safety (room_id, participant_id) VALUES (?, ?)", roomId,
                    participantId);
        }
    }

    @Override
    public boolean report(Report draft) {
        return db.transaction(c -> {
            if (Sql.count(c, "SELECT COUNT(*) FROM room_reports WHERE room_id = ? AND seq = ?"
                    + " AND reporter_participant_id = ?", draft.roomId(), draft.seq(),
                    draft.reporterParticipantId()) > 0) {
                return false;
            }
            Sql.update(c, "INSERT INTO room_reports (" + REPORT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                            + " ?, ?)", draft.id() == null ? Ids.newId() : draft.id(), draft.roomId(), draft.seq(),
                    draft.authorParticipantId(), draft.reporterParticipantId(), draft.reason(),
                    Times.truncate(draft.reportedAt()), null, null, null, null);
            return true;
        });
    }

    @Override
    public Optional<Report> reportById(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + REPORT_COLUMNS + " FROM room_reports WHERE id = ?",
                JdbcRoomSafeguards::mapReport, id));
    }

    @Override
    public List<Report> reports(String roomId, boolean includeResolved) {
        return db.run(c -> Sql.list(c, "SELECT " + REPORT_COLUMNS + " FROM room_reports WHERE room_id = ?"
                + (includeResolved ? "" : " AND outcome IS NULL") + " ORDER BY reported_at, id",
                JdbcRoomSafeguards::mapReport, roomId));
    }

    @Override
    public int openReports(String roomId) {
        return db.run(c -> (int) Sql.count(c, "SELECT COUNT(*) FROM room_reports WHERE room_id = ?"
                + " AND outcome IS NULL", roomId));
    }

    @Override
    public int distinctReporters(String roomId, String authorParticipantId, Instant since) {
        return db.run(c -> (int) (since == null
                ? Sql.count(c, "SELECT COUNT(DISTINCT reporter_participant_id) FROM room_reports WHERE room_id = ?"
                + " AND author_participant_id = ?", roomId, authorParticipantId)
                : Sql.count(c, "SELECT COUNT(DISTINCT reporter_participant_id) FROM room_reports WHERE room_id = ?"
                + " AND author_participant_id = ? AND reported_at > ?", roomId, authorParticipantId, since)));
    }

    @Override
    public boolean resolve(String reportId, ReportOutcome outcome, String reason, String resolvedByName, Instant at) {
        return db.transaction(c -> Sql.update(c, "UPDATE room_reports SET outcome = ?, resolution_reason = ?,"
                + " resolved_by_name = ?, resolved_at = ? WHERE id = ? AND outcome IS NULL", outcome, reason,
                resolvedByName, Times.truncate(at), reportId) == 1);
    }

    @Override
    public Held holdMessage(String roomId, HeldMessage draft, Instant at) {
        return db.transaction(c -> {
            Optional<Held> existing = Sql.one(c, "SELECT " + HELD_COLUMNS + " FROM room_held_messages"
                    + " WHERE room_id = ? AND participant_id = ? AND client_msg_id = ?", JdbcRoomSafeguards::mapHeld,
                    roomId, draft.getParticipantId(), draft.getClientMsgId());
            if (existing.isPresent()) {
                return existing.get();
            }
            Instant heldAt = Times.truncate(at);
            HeldMessage held = draft.toBuilder().setId(Ids.newId()).setHeldAt(Times.toProto(heldAt)).build();
            Sql.update(c, "INSERT INTO room_held_messages (id, room_id, participant_id, client_msg_id, payload,"
                            + " held_at, review, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", held.getId(), roomId,
                    held.getParticipantId(), held.getClientMsgId(), held.toByteArray(), heldAt, Review.WAITING, 0L);
            return new Held(roomId, held, Review.WAITING, 0);
        });
    }

    @Override
    public Optional<Held> heldById(String id) {
        return db.run(c -> Sql.one(c, "SELECT " + HELD_COLUMNS + " FROM room_held_messages WHERE id = ?",
                JdbcRoomSafeguards::mapHeld, id));
    }

    @Override
    public List<HeldMessage> heldMessages(String roomId) {
        return db.run(c -> Sql.list(c, "SELECT payload FROM room_held_messages WHERE room_id = ? AND review = ?"
                + " ORDER BY held_at, id", row -> parse(row.getBytes(1), HeldMessage.parser()), roomId,
                Review.WAITING));
    }

    @Override
    public int heldCount(String roomId) {
        return db.run(c -> (int) Sql.count(c, "SELECT COUNT(*) FROM room_held_messages WHERE room_id = ?"
                + " AND review = ?", roomId, Review.WAITING));
    }

    @Override
    public boolean review(String id, Review outcome) {
        return db.transaction(c -> {
            Optional<Held> held = Sql.one(c, "SELECT " + HELD_COLUMNS + " FROM room_held_messages WHERE id = ?"
                    + " FOR UPDATE", JdbcRoomSafeguards::mapHeld, id);
            if (held.isEmpty() || held.get().review() != Review.WAITING) {
                return false;
            }
            byte[] withoutText = held.get().message().toBuilder().clearText().build().toByteArray();
            return Sql.update(c, "UPDATE room_held_messages SET review = ?, payload = ? WHERE id = ?", outcome,
                    withoutText, id) == 1;
        });
    }

    @Override
    public void setApprovedSeq(String id, long seq) {
        db.write(c -> Sql.update(c, "UPDATE room_held_messages SET seq = ? WHERE id = ?", seq, id));
    }

    @Override
    public int purgeBefore(String roomId, Instant cutoff) {
        return db.transaction(c -> Sql.update(c, "DELETE FROM room_reports WHERE room_id = ? AND reported_at < ?",
                roomId, cutoff) + Sql.update(c, "DELETE FROM room_held_messages WHERE room_id = ? AND held_at < ?",
                roomId, cutoff));
    }

        private static Held mapHeld(ResultSet row) throws SQLException {
        return new Held(row.getString("room_id"), parse(row.getBytes("payload"), HeldMessage.parser()),
                Review.valueOf(row.getString("review")), row.getLong("seq"));
    }

    private static MemberSafety mapMember(ResultSet row) throws SQLException {
        return new MemberSafety(row.getString("room_id"), row.getString("participant_id"),
                Times.read(row, "rules_accepted_at"), Times.read(row, "held_since"), Times.read(row, "hold_lifted_at"));
    }

    private static Report mapReport(ResultSet row) throws SQLException {
        String outcome = row.getString("outcome");
        return new Report(row.getString("id"), row.getString("room_id"), row.getLong("seq"),
                row.getString("author_participant_id"), row.getString("reporter_participant_id"),
                row.getString("reason"), Times.read(row, "reported_at"),
                outcome == null ? null : ReportOutcome.valueOf(outcome), row.getString("resolution_reason"),
                row.getString("resolved_by_name"), Times.read(row, "resolved_at"));
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("room safety row cannot be decoded", e);
        }
    }
}
