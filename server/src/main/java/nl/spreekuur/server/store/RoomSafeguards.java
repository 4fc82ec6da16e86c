package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.HeldMessage;
import nl.spreekuur.protocol.v1.HelpInfo;
import nl.spreekuur.protocol.v1.ReportOutcome;
import nl.spreekuur.protocol.v1.RoomSafety;

/**
 * The safety rows of group rooms (table comments in {@code V12__room_safety.sql}): an organisation's default house
 * rules and "Hulp nodig?", a room's safety settings, members' acceptance of the house rules and automatic hold,
 * reports, and messages held for review. Every room row goes with its room ({@link Rooms#delete}).
 */
public interface RoomSafeguards {

    /** An organisation's defaults; empty text = the built-in one, null help = the built-in one. */
    record OrganisationDefaults(String houseRules, HelpInfo help) {
    }

    /**
     * @param rulesAcceptedAt null until they accepted the house rules
     * @param heldSince       null unless reports put them on hold
     * @param holdLiftedAt    null, or when a moderator last lifted such a hold
     */
    record MemberSafety(String roomId, String participantId, Instant rulesAcceptedAt, Instant heldSince,
                        Instant holdLiftedAt) {
    }

    /** @param outcome null while open */
    record Report(String id, String roomId, long seq, String authorParticipantId, String reporterParticipantId,
                  String reason, Instant reportedAt, ReportOutcome outcome, String resolutionReason,
                  String resolvedByName, Instant resolvedAt) {
        public boolean isOpen() {
            return outcome == null;
        }
    }

    Optional<OrganisationDefaults> organisationDefaults(String organisationId);

    void saveOrganisationDefaults(String organisationId, OrganisationDefaults defaults);

    /** The settings part of the room's safety; empty = never saved (the defaults). */
    Optional<RoomSafety> settings(String roomId);

    void saveSettings(String roomId, RoomSafety settings);

    Optional<MemberSafety> member(String roomId, String participantId);

    /** Records the acceptance (the first one stays). */
    void acceptRules(String roomId, String participantId, Instant at);

    /** Puts the member on hold; false if they already were. */
    boolean hold(String roomId, String participantId, Instant at);

    /** Lifts the member's hold; false if they were not on hold. */
    boolean liftHold(String roomId, String participantId, Instant at);

    /** Members on hold, oldest hold first. */
    List<MemberSafety> membersOnHold(String roomId);

    /** Stores a new report; false (nothing stored) if this reporter already reported this message. */
    boolean report(Report draft);

    Optional<Report> reportById(String id);

    /** Oldest first; resolved ones too when asked. */
    List<Report> reports(String roomId, boolean includeResolved);

    int openReports(String roomId);

    /** Distinct reporters of the author's messages reported after {@code since} (null: ever). */
    int distinctReporters(String roomId, String authorParticipantId, Instant since);

    /** Resolves an open report; false if it was already resolved. */
    boolean resolve(String reportId, ReportOutcome outcome, String reason, String resolvedByName, Instant at);

    /** Where a held message is. */
    enum Review { WAITING, APPROVED, REJECTED }

    /** A held message; once reviewed without its text; {@code seq} the approved message's seq (else 0). */
    record Held(String roomId, HeldMessage message, Review review, long seq) {
    }

    /**
     * Holds a message for review; the id is assigned. If the author already sent this client_msg_id (held, or
     * reviewed since), that row is answered instead and nothing is stored.
     */
    Held holdMessage(String roomId, HeldMessage draft, Instant at);

    Optional<Held> heldById(String id);

    /** Waiting messages, oldest first. */
    List<HeldMessage> heldMessages(String roomId);

    int heldCount(String roomId);

    /**
     * Marks a waiting message reviewed and drops its text; false if it was not waiting (reviewed already). For an
     * approval, {@link #setApprovedSeq} follows once it is in the conversation.
     */
    boolean review(String id, Review outcome);

    void setApprovedSeq(String id, long seq);

    /** Retention: deletes reports made and messages held before the cutoff; returns how many rows. */
    int purgeBefore(String roomId, Instant cutoff);
}
