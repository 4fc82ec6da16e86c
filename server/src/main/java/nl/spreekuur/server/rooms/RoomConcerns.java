package nl.spreekuur.server.rooms;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.ConcernList;
import nl.spreekuur.protocol.v1.MeldcodeEntry;
import nl.spreekuur.protocol.v1.MeldcodeStep;
import nl.spreekuur.protocol.v1.RoomAlertKind;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;

/**
 * Safeguarding concerns: a note about a member, with what was done at which step of the Meldcode huiselijk geweld
 * en kindermishandeling. Read and written only by the room's moderating professionals and the organisation's
 * supervisors (an org-admin who is neither, and every member, gets FORBIDDEN); every read and write is audit-logged.
 * Nothing is copied from the room's messages: the note is the moderator's own text.
 */
final class RoomConcerns {
    static final int MAX_NOTE = 4000;
    static final int MAX_STEP_TEXT = 2000;

    private final RoomContext ctx;
    private final Auditor auditor;
    private final RoomAlerts alerts;

    RoomConcerns(RoomContext ctx, Auditor auditor, RoomAlerts alerts) {
        this.ctx = ctx;
        this.auditor = auditor;
        this.alerts = alerts;
    }

    private RoomPeople people() {
        return ctx.store().roomPeople();
    }

    /** Records a new concern (id empty) or replaces an existing one's note and steps. */
    Concern save(Principal principal, Concern wanted) {
        Rooms.Room room = readable(principal, wanted.getRoomId());
        String note = wanted.getNote().strip();
        if (note.isEmpty() || Texts.length(note) > MAX_NOTE) {
            throw RequestException.invalid("note: 1.." + MAX_NOTE + " characters");
        }
        Instant now = ctx.clock().instant();
        Concern existing = null;
        if (!wanted.getId().isEmpty()) {
            existing = people().concern(wanted.getId()).filter(c -> c.getRoomId().equals(room.id()))
                    .orElseThrow(() -> RequestException.notFound("concern"));
        }
        Concern.Builder concern;
        if (existing == null) {
            Rooms.Member member = ctx.store().rooms().memberByParticipant(room.id(), wanted.getParticipantId())
                    .orElseThrow(() -> RequestException.notFound("member"));
            concern = Concern.newBuilder().setRoomId(room.id()).setParticipantId(member.participantId())
                    .setNickname(member.nickname()).setCreatedAt(ProtoTime.of(now))
                    .setCreatedByName(principal.displayName());
        } else {
            concern = existing.toBuilder().clearSteps();
        }
        concern.setNote(note).setUpdatedAt(ProtoTime.of(now));
        Set<MeldcodeStep> seen = EnumSet.noneOf(MeldcodeStep.class);
        for (MeldcodeEntry entry : wanted.getStepsList()) {
            concern.addSteps(step(entry, existing, seen, principal, now));
        }
        Concern saved;
        if (existing == null) {
            saved = people().addConcern(concern.build(), now);
        } else {
            saved = concern.build();
            people().updateConcern(saved);
        }
        auditor.record(principal, existing == null ? "room.concern.record" : "room.concern.update", "concern",
                saved.getId(), "room:" + room.id());
        // The other moderators' open concern lists read again (each read audit-logged as theirs); no content here.
        alerts.tell(room, RoomAlertKind.ALERT_CONCERNS_CHANGED);
        return saved;
    }

    ConcernList list(Principal principal, String roomId, String participantId) {
        Rooms.Room room = readable(principal, roomId);
        ConcernList.Builder list = ConcernList.newBuilder()
                .addAllConcerns(people().concerns(room.id(), participantId.isEmpty() ? null : participantId));
        auditor.record(principal, "room.concern.read", "room", room.id(),
                participantId.isEmpty() ? null : "participant:" + participantId);
        return list.build();
    }

    private static MeldcodeEntry step(MeldcodeEntry entry, Concern existing, Set<MeldcodeStep> seen,
                                      Principal principal, Instant now) {
        MeldcodeStep step = entry.getStep();
        if (step == MeldcodeStep.MELDCODE_STEP_UNSPECIFIED || step == MeldcodeStep.UNRECOGNIZED || !seen.add(step)) {
            throw RequestException.invalid("steps: each Meldcode step (1..5) at most once");
        }
        String text = entry.getWhatWasDone().strip();
        if (text.isEmpty() || Texts.length(text) > MAX_STEP_TEXT) {
            throw RequestException.invalid("steps.what_was_done: 1.." + MAX_STEP_TEXT + " characters");
        }
        if (existing != null) {
            for (MeldcodeEntry before : existing.getStepsList()) {
                if (before.getStep() == step && before.getWhatWasDone().equals(text)
                        && (!entry.hasDoneAt() || entry.getDoneAt().equals(before.getDoneAt()))) {
                    return before;
                }
            }
        }
        return MeldcodeEntry.newBuilder().setStep(step).setWhatWasDone(text)
                .setDoneAt(entry.hasDoneAt() ? entry.getDoneAt() : ProtoTime.of(now))
                .setRecordedByName(principal.displayName()).build();
    }

    /** The room's moderating professionals and the organisation's supervisors; FORBIDDEN for other staff. */
    private Rooms.Room readable(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        boolean moderator = principal.isStaff() && principal.has(Role.PROFESSIONAL)
                && room.moderatorIds().contains(principal.id());
        boolean supervisor = principal.isStaff() && principal.has(Role.SUPERVISOR);
        if (!moderator && !supervisor) {
            throw RequestException.forbidden("only the room's moderators and supervisors read concerns");
        }
        return room;
    }
}
