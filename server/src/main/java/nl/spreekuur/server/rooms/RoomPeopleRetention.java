package nl.spreekuur.server.rooms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.MeldcodeEntry;
import nl.spreekuur.protocol.v1.MeldcodeStep;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.config.RoomsConfig;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention of the personal data around a room that outlives its use (AVG/GDPR, data minimisation); each is deleted
 * for good, with an audit entry per deleted item (ids only, actor role SYSTEM):
 * <ul>
 *     <li>a <b>decided knock</b> (its nickname) {@code rooms.decided-knock-retention-days} after the decision (an
 *     approved person is a member by then, a refused one has no credential left); pending knocks stay;</li>
 *     <li>an <b>ended private talk</b>, {@code rooms.ended-talk-retention-days} after it ended: its conversation
 *     (events and participants) and the talk's row;</li>
 *     <li>a <b>closed safeguarding concern</b>, {@code rooms.concern-retention-days} after its last change or the
 *     member's leaving, whichever is later. Concerns have no state of their own: one counts as closed once the
 *     Meldcode's last step ({@code MELDCODE_DECIDE}: help organised and/or reported to Veilig Thuis) is recorded, or
 *     once the member it is about is no longer in the room (left, removed or erased). An open concern about a
 *     member still in the room is kept, however old.</li>
 * </ul>
 * Runs from {@link RoomJobs} at most once a minute, judged by the injected clock.
 */
final class RoomPeopleRetention {
    private static final Logger log = LoggerFactory.getLogger(RoomPeopleRetention.class);

    private final RoomContext ctx;
    private final Auditor auditor;
    private final RoomsConfig settings;

    RoomPeopleRetention(RoomContext ctx, Auditor auditor, RoomsConfig settings) {
        this.ctx = ctx;
        this.auditor = auditor;
        this.settings = settings;
    }

    private RoomPeople people() {
        return ctx.store().roomPeople();
    }

    /** Returns how many items were deleted. */
    int runOnce(Instant now) {
        int knocks = purgeKnocks(now.minus(settings.decidedKnockRetention()));
        int talks = purgeTalks(now.minus(settings.endedTalkRetention()));
        int concerns = purgeConcerns(now.minus(settings.concernRetention()));
        if (knocks + talks + concerns > 0) {
            log.info("room retention deleted {} decided knocks, {} ended private talks, {} closed concerns", knocks,
                    talks, concerns);
        }
        return knocks + talks + concerns;
    }

    private int purgeKnocks(Instant cutoff) {
        List<RoomPeople.Knock> purged = people().purgeDecidedKnocks(cutoff);
        for (RoomPeople.Knock knock : purged) {
            audit(knock.roomId(), "room.knock.purged", "knock", knock.id());
        }
        return purged.size();
    }

    private int purgeTalks(Instant cutoff) {
        int count = 0;
        for (RoomPeople.Talk talk : people().talksEndedBefore(cutoff)) {
            // the conversation first: if the row's delete fails, the next run finds the talk again
            if (talk.conversationId() != null && ctx.conversations().find(talk.conversationId()).isPresent()) {
                ctx.conversations().delete(talk.conversationId(), EndReason.RETENTION_EXPIRED);
            }
            if (people().deleteTalk(talk.id())) {
                audit(talk.roomId(), "room.private_talk.purged", talk.conversationId() == null ? "private_talk"
                        : "conversation", talk.conversationId() == null ? talk.id() : talk.conversationId());
                count++;
            }
        }
        return count;
    }

    private int purgeConcerns(Instant cutoff) {
        int count = 0;
        for (Concern concern : people().concernsRecordedBefore(cutoff)) {
            Optional<Instant> closedAt = closedAt(concern);
            if (closedAt.isPresent() && closedAt.get().isBefore(cutoff) && people().deleteConcern(concern.getId())) {
                audit(concern.getRoomId(), "room.concern.purged", "concern", concern.getId());
                count++;
            }
        }
        return count;
    }

    /**
     * From when a concern's retention runs: empty while it is open (no decision step and the member still in the
     * room); else its last change, or the member's leaving if that came later.
     */
    Optional<Instant> closedAt(Concern concern) {
        Instant changed = ProtoTime.toInstant(concern.hasUpdatedAt() ? concern.getUpdatedAt() : concern.getCreatedAt());
        Optional<Rooms.Member> member = ctx.store().rooms().memberByParticipant(concern.getRoomId(),
                concern.getParticipantId());
        if (member.isEmpty()) {
            return Optional.of(changed); // erased, or the room is gone
        }
        if (!member.get().isActive()) {
            Instant left = member.get().endedAt();
            return Optional.of(left != null && left.isAfter(changed) ? left : changed);
        }
        boolean decided = concern.getStepsList().stream().map(MeldcodeEntry::getStep)
                .anyMatch(step -> step == MeldcodeStep.MELDCODE_DECIDE);
        return decided ? Optional.of(changed) : Optional.empty();
    }

    private void audit(String roomId, String action, String targetType, String targetId) {
        String organisationId = ctx.store().rooms().byId(roomId).map(Rooms.Room::organisationId).orElse(null);
        auditor.recordSystem(organisationId, action, targetType, targetId, "room:" + roomId, "retention");
    }
}
