package nl.spreekuur.server.rooms;

import java.time.Instant;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.MessageReport;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ReportList;
import nl.spreekuur.protocol.v1.ReportMessage;
import nl.spreekuur.protocol.v1.ReportOutcome;
import nl.spreekuur.protocol.v1.ResolveReport;
import nl.spreekuur.protocol.v1.RoomAlertKind;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.RoomSafeguards;
import nl.spreekuur.server.store.Rooms;

/**
 * Members report messages (one report per member and message; the reporter is shown to nobody); the room's
 * moderators are alerted, list the reports and resolve them with an outcome and a reason (moderation log). A member
 * whose messages were reported by {@value #HOLD_THRESHOLD} different members is put on hold: their messages wait
 * for review until a moderator lifts the hold (only reports after that count towards the next hold).
 */
final class RoomReports {
    static final int HOLD_THRESHOLD = 3;

    private final RoomContext ctx;
    private final RoomSafetySettings settings;
    private final RoomAlerts alerts;

    RoomReports(RoomContext ctx, RoomSafetySettings settings, RoomAlerts alerts) {
        this.ctx = ctx;
        this.settings = settings;
        this.alerts = alerts;
    }

    void report(Principal principal, ReportMessage request) {
        Conversations.Conversation conversation = ctx.conversations().visibleConversation(principal,
                request.getConversationId());
        Conversations.Participant me = ctx.conversations().activeParticipant(conversation, principal);
        Rooms.Room room = ctx.cache().byConversation(conversation.id())
                .orElseThrow(() -> RequestException.invalid("conversation_id: not a group room"));
        if (me.role() != ParticipantRole.MEMBER) {
            throw RequestException.forbidden("only members report messages");
        }
        String reason = request.getReason().strip();
        if (Texts.length(reason) > RoomMembership.MAX_REASON) {
            throw RequestException.invalid("reason: at most " + RoomMembership.MAX_REASON + " characters");
        }
        ConversationEvent message = readable(room, me, request.getSeq());
        if (message.getSenderId().equals(me.participantId())) {
            throw RequestException.invalid("seq: you cannot report your own message");
        }
        Instant now = ctx.clock().instant();
        boolean stored = ctx.store().roomSafeguards().report(new RoomSafeguards.Report(null, room.id(),
                message.getSeq(), message.getSenderId(), me.participantId(), reason, now, null, null, null, null));
        if (!stored) {
            return;
        }
        alerts.tell(room, RoomAlertKind.ALERT_REPORT);
        if (message.getSenderRole() == ParticipantRole.MEMBER) {
            holdIfReportedOften(room, message.getSenderId(), now);
        }
    }

    private void holdIfReportedOften(Rooms.Room room, String author, Instant now) {
        RoomSafeguards rows = ctx.store().roomSafeguards();
        Optional<RoomSafeguards.MemberSafety> safety = rows.member(room.id(), author);
        if (safety.map(RoomSafeguards.MemberSafety::heldSince).isPresent()) {
            return;
        }
        Instant since = safety.map(RoomSafeguards.MemberSafety::holdLiftedAt).orElse(null);
        if (rows.distinctReporters(room.id(), author, since) < HOLD_THRESHOLD) {
            return;
        }
        if (rows.hold(room.id(), author, now)) {
            settings.memberChanged(room.id(), author);
            ctx.store().rooms().log(room.id(), new Rooms.LogEntry(now, "", "", ModerationAction.AUTO_HOLD, author,
                    "reported by " + HOLD_THRESHOLD + " members", null));
            alerts.tell(room, RoomAlertKind.ALERT_MEMBER_ON_HOLD);
        }
    }

    /** A retained message (text or room message) the member may read; else INVALID_ARGUMENT. */
    private ConversationEvent readable(Rooms.Room room, Conversations.Participant me, long seq) {
        boolean fromJoin = room.historyVisibility() == HistoryVisibility.FROM_JOIN;
        return ctx.conversations().event(room.conversationId(), seq)
                .filter(e -> e.hasText() || e.hasRoomMessage())
                .filter(e -> !fromJoin || seq > me.memberSinceSeq())
                .orElseThrow(() -> RequestException.invalid("seq: no such message"));
    }

    ReportList list(Principal principal, String roomId, boolean includeResolved) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        ReportList.Builder list = ReportList.newBuilder().setRoomId(room.id());
        for (RoomSafeguards.Report r : ctx.store().roomSafeguards().reports(room.id(), includeResolved)) {
            Optional<ConversationEvent> message = ctx.conversations().event(room.conversationId(), r.seq());
            MessageReport.Builder b = MessageReport.newBuilder().setId(r.id()).setRoomId(room.id()).setSeq(r.seq())
                    .setAuthorParticipantId(r.authorParticipantId()).setReason(r.reason())
                    .setReportedAt(ProtoTime.of(r.reportedAt()));
            message.ifPresent(m -> b.setAuthorName(m.getSenderName())
                    .setText(m.hasText() ? m.getText().getText() : m.getRoomMessage().getText()));
            if (!r.isOpen()) {
                b.setOutcome(r.outcome()).setResolutionReason(r.resolutionReason())
                        .setResolvedByName(r.resolvedByName()).setResolvedAt(ProtoTime.of(r.resolvedAt()));
            }
            list.addReports(b);
        }
        return list.build();
    }

    void resolve(Principal principal, ResolveReport request) {
        RoomSafeguards.Report report = ctx.store().roomSafeguards().reportById(request.getReportId())
                .orElseThrow(() -> RequestException.notFound("report"));
        Rooms.Room room;
        try {
            room = ctx.access().managed(principal, report.roomId());
        } catch (RequestException e) {
            throw e.code() == nl.spreekuur.protocol.v1.ErrorCode.NOT_FOUND ? RequestException.notFound("report") : e;
        }
        if (request.getOutcome() == ReportOutcome.REPORT_OUTCOME_UNSPECIFIED
                || request.getOutcome() == ReportOutcome.UNRECOGNIZED) {
            throw RequestException.invalid("outcome: one of OUTCOME_NO_ACTION, OUTCOME_MESSAGE_HIDDEN,"
                    + " OUTCOME_MESSAGE_DELETED, OUTCOME_MEMBER_MUTED, OUTCOME_MEMBER_REMOVED,"
                    + " OUTCOME_TALKED_WITH_MEMBER");
        }
        String why = RoomMembership.requireReason(request.getReason());
        Instant now = ctx.clock().instant();
        if (!ctx.store().roomSafeguards().resolve(report.id(), request.getOutcome(), why, principal.displayName(),
                now)) {
            throw RequestException.conflict("the report was already resolved");
        }
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(now, principal.id(), principal.displayName(),
                ModerationAction.RESOLVE_REPORT, report.authorParticipantId(),
                request.getOutcome().name() + ": " + why, null, report.seq()));
        alerts.tell(room, nl.spreekuur.protocol.v1.RoomAlertKind.ALERT_CLEARED);
    }
}
