package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.KnockState;
import nl.spreekuur.protocol.v1.MeetingAnswer;
import nl.spreekuur.protocol.v1.PrivateTalkState;

/**
 * The rooms capability's tables about the people around a room (migration V13): knock links and knocks, private
 * talks between a member and a moderator, safeguarding concerns and scheduled meetings with the members' answers.
 * No message content: a private talk's messages live in its own conversation.
 */
public interface RoomPeople {

    // --- knocking ---

    record KnockLink(String roomId, String code, Instant createdAt) {
    }

    /** @param rulesAcceptedAt when the person accepted the house rules on the knock page; null if they did not */
    record Knock(String id, String roomId, String principalId, String nickname, KnockState state, Instant knockedAt,
                 Instant decidedAt, String decidedByName, Instant rulesAcceptedAt) {
    }

    /** Why approving a knock did not make a member. */
    enum AdmitRefusal { NOT_PENDING, ROOM_FULL, ROOM_CLOSED }

    /** Exactly one of the two is set. */
    record Admitted(Rooms.Member member, AdmitRefusal refusal) {
    }

    /** Replaces the room's knock link with a new code (the old one stops working). */
    KnockLink setKnockLink(String roomId, String code, Instant at);

    /** Removes the room's knock link; false if it had none. */
    boolean removeKnockLink(String roomId);

    Optional<KnockLink> knockLink(String roomId);

    Optional<KnockLink> knockLinkByCode(String code);

    /** A pending knock; {@code rulesAcceptedAt} null if the person did not accept the house rules while knocking. */
    Knock addKnock(String roomId, String principalId, String nickname, Instant rulesAcceptedAt, Instant at);

    /** A pending knock without accepted house rules. */
    default Knock addKnock(String roomId, String principalId, String nickname, Instant at) {
        return addKnock(roomId, principalId, nickname, null, at);
    }

    Optional<Knock> knock(String id);

    Optional<Knock> knockByPrincipal(String principalId);

    /** Pending knocks of the room, oldest first. */
    List<Knock> pendingKnocks(String roomId);

    int pendingKnockCount(String roomId);

    /**
     * Approves a pending knock and makes the person a member (no invite), atomically: the knock must still be
     * pending (two moderators approving at once: exactly one succeeds), the room open or paused and below its member
     * limit (the room's row is locked while members are counted, as {@link Rooms#redeem} does).
     */
    Admitted approveKnock(String knockId, String decidedByName, Instant at);

    /** Refuses a pending knock; false if it was not pending. */
    boolean refuseKnock(String knockId, String decidedByName, Instant at);

    /**
     * Retention: deletes (for good) every knock decided (approved or refused) before the cutoff; pending knocks stay.
     * Returns the deleted knocks.
     */
    List<Knock> purgeDecidedKnocks(Instant decidedBefore);

    // --- private talks ---

    record Talk(String id, String roomId, String memberPrincipalId, String participantId, String nickname,
                PrivateTalkState state, boolean requestedByMember, Instant requestedAt, String moderatorId,
                String moderatorName, Instant openedAt, String conversationId, Instant endedAt) {
    }

    /** A new talk (requested by the member, or opened by a moderator: then with its moderator and conversation). */
    Talk addTalk(Talk draft);

    Optional<Talk> talk(String id);

    /** The member's requested or open talk in the room, if any. */
    Optional<Talk> liveTalkOf(String roomId, String memberPrincipalId);

    /** The room's talks, requested and open (and ended when asked), oldest first. */
    List<Talk> talks(String roomId, boolean includeEnded);

    /** The member's talks (requested and open), oldest first. */
    List<Talk> talksOfMember(String memberPrincipalId);

    /** Open talks a moderator holds (any room). */
    List<Talk> openTalksOfModerator(String moderatorId);

    /**
     * Picks up a requested talk: only while it is TALK_REQUESTED (one conditional update, so of several moderators
     * claiming at once exactly one wins); false otherwise.
     */
    boolean claimTalk(String talkId, String moderatorId, String moderatorName, Instant at);

    /** Records the claimed talk's conversation. */
    void setTalkConversation(String talkId, String conversationId);

    /** Ends a requested or open talk; false if it had ended. */
    boolean endTalk(String talkId, Instant at);

    /** Retention: the talks (any room) that ended before the cutoff, oldest end first. */
    List<Talk> talksEndedBefore(Instant cutoff);

    /** Deletes a talk's row for good (its conversation is deleted separately); false if unknown. */
    boolean deleteTalk(String talkId);

    // --- safeguarding concerns ---

    Concern addConcern(Concern concern, Instant at);

    /** Replaces a concern's note and steps; false if there is no such concern in the room. */
    boolean updateConcern(Concern concern);

    Optional<Concern> concern(String id);

    /** The room's concerns (about one member, when participantId is not null), oldest first. */
    List<Concern> concerns(String roomId, String participantId);

    /**
     * Retention: the concerns (any room) recorded before the cutoff, oldest first; the caller decides which of them
     * are due (a concern changed later is still among them: its {@code updated_at} is in the payload).
     */
    List<Concern> concernsRecordedBefore(Instant cutoff);

    /** Deletes a concern for good; false if unknown. */
    boolean deleteConcern(String id);

    // --- meetings ---

    /** attended: the head count a moderator recorded after the start; null when none was recorded. */
    record Meeting(String id, String roomId, Instant startsAt, int durationMinutes, boolean online, String location,
                   String title, String createdBy, Integer attended) {
        /** A meeting without head count (planning one, or changing its plan: saving keeps the recorded count). */
        public Meeting(String id, String roomId, Instant startsAt, int durationMinutes, boolean online,
                       String location, String title, String createdBy) {
            this(id, roomId, startsAt, durationMinutes, online, location, title, createdBy, null);
        }

        public Instant endsAt() {
            return startsAt.plusSeconds(60L * durationMinutes);
        }
    }

    record Answers(int coming, int notComing) {
    }

    Meeting saveMeeting(Meeting meeting);

    Optional<Meeting> meeting(String id);

    /** Meetings of the room that end after the instant, soonest first. */
    List<Meeting> upcomingMeetings(String roomId, Instant after);

    /** Sets (or corrects) the meeting's head count; empty if there is no such meeting. */
    Optional<Meeting> recordAttendance(String meetingId, int attended);

    /** Deletes the meeting with its answers; false if unknown. */
    boolean deleteMeeting(String id);

    /** Sets (or replaces) the principal's answer. */
    void answerMeeting(String meetingId, String principalId, MeetingAnswer answer, Instant at);

    Answers answers(String meetingId);

    MeetingAnswer answerOf(String meetingId, String principalId);

    // --- last seen ---

    /** Records that the member was seen now (a later instant replaces an earlier one, never the other way). */
    void seen(String roomId, String principalId, Instant at);

    /** When each member of the room (principal id) was last seen. */
    java.util.Map<String, Instant> lastSeen(String roomId);

    // --- breaks ---

    /** Sets the member's break until the instant, or (null) ends it. */
    void setBreak(String roomId, String principalId, Instant until);

    /** Until when the member takes a break, if they set one (it may have passed). */
    Optional<Instant> breakUntil(String principalId);

    /** The room's members' breaks (principal id: until), passed ones included. */
    java.util.Map<String, Instant> breaks(String roomId);

    /** Sets whether the member hides their online status. */
    void setOnlineHidden(String roomId, String principalId, boolean hidden);

    boolean onlineHidden(String principalId);

    // --- the room's end ---

    /** Deletes every row of the room in these tables (before the room itself is deleted). */
    void deleteRoom(String roomId);
}
