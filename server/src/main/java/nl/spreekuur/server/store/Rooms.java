package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.MemberStatus;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.RoomState;

/**
 * The rooms capability's own tables: room definitions and moderators, invite codes, members (who joined through
 * which invite) and the moderation log. A room's messages live in its conversation ({@link Conversations}, owner
 * {@code room:<roomId>}); nothing here holds message content.
 */
public interface Rooms {

    /**
     * @param moderatorIds  account ids, in the order given
     * @param retentionDays 0 = messages are kept while the room exists
     */
    record Room(String id, String organisationId, String conversationId, String name, String description,
                List<String> moderatorIds, int memberLimit, HistoryVisibility historyVisibility, int retentionDays,
                RoomState state, Instant createdAt) {
        public Room {
            moderatorIds = List.copyOf(moderatorIds);
        }
    }

    /**
     * @param maxUses   0 = unlimited
     * @param expiresAt null = never
     * @param revokedAt null while usable
     */
    record Invite(String id, String roomId, String code, boolean singleUse, int maxUses, int uses, Instant expiresAt,
                  Instant revokedAt, String label, String createdBy, Instant createdAt) {
    }

    /**
     * @param principalId   the member's principal (the id of their room-member session)
     * @param participantId their participant id in the room's conversation; null until they joined it
     * @param endStatus     null while a member; {@code MEMBER_LEFT} or {@code MEMBER_REMOVED} afterwards
     * @param mutedUntil    null, or until when a moderator muted them
     */
    record Member(String id, String roomId, String principalId, String participantId, String nickname,
                  String inviteId, Instant joinedAt, MemberStatus endStatus, Instant endedAt, Instant mutedUntil) {
        public boolean isActive() {
            return endStatus == null;
        }

        public boolean isMutedAt(Instant now) {
            return mutedUntil != null && now.isBefore(mutedUntil);
        }
    }

    /**
     * One moderator action; {@code participantId} is empty for actions on the room itself, {@code until} is set for
     * a mute (its end) and null otherwise.
     */
    record LogEntry(Instant at, String moderatorId, String moderatorName, ModerationAction action,
                    String participantId, String reason, Instant until, long seq) {
        public LogEntry(Instant at, String moderatorId, String moderatorName, ModerationAction action,
                        String participantId, String reason, Instant until) {
            this(at, moderatorId, moderatorName, action, participantId, reason, until, 0);
        }
    }

    /** Why an invite code did not make a member. */
    enum JoinRefusal { UNKNOWN_CODE, EXPIRED, REVOKED, USED_UP, ROOM_FULL, ROOM_CLOSED }

    /** Exactly one of the two is set. */
    record JoinOutcome(Member member, JoinRefusal refusal) {
        public boolean joined() {
            return member != null;
        }
    }

    // --- rooms ---

    /** Stores a new room with its moderators; the id is the draft's, or assigned when that is null. */
    Room create(Room draft);

    /**
     * Updates name, description, moderators, member limit, history visibility, retention and state.
     *
     * @throws ConflictException if the room does not exist
     */
    Room update(Room room);

    Optional<Room> byId(String id);

    Optional<Room> byConversation(String conversationId);

    /** The organisation's rooms, oldest first. */
    List<Room> byOrganisation(String organisationId);

    /** Rooms (of every organisation) whose messages are kept a number of days, not while the room exists. */
    List<Room> withRetention();

    /** Active members (moderators are not members). */
    int memberCount(String roomId);

    /**
     * Deletes the room with its moderators, invites, members and moderation log (not its conversation: see
     * {@link Conversations#delete}, called after this); false if there was no such room.
     */
    boolean delete(String roomId);

    // --- invites ---

    /** Stores a new invite with zero uses; the id is assigned. The code must be unique (else ConflictException). */
    Invite createInvite(Invite draft);

    List<Invite> invites(String roomId);

    Optional<Invite> inviteById(String id);

    Optional<Invite> inviteByCode(String code);

    /** Marks the invite revoked; false if unknown or already revoked. */
    boolean revokeInvite(String inviteId, Instant at);

    // --- members ---

    /**
     * Turns an invite code into a member, atomically: the invite must exist, be neither revoked nor expired nor used
     * up, and the room must be open (not closed) and below its member limit. The invite's row is locked while its
     * uses are counted, so when two people take the last use of an invite at once exactly one of them joins; the
     * room's row is locked while its members are counted, so two invites cannot together overfill it.
     */
    JoinOutcome redeem(String code, String principalId, String nickname, Instant now);

    /** Records the member's participant id in the room's conversation. */
    void setParticipant(String memberId, String participantId);

    Optional<Member> memberByPrincipal(String principalId);

    Optional<Member> memberByParticipant(String roomId, String participantId);

    /** Members in join order; former members (left or removed) too when asked. */
    List<Member> members(String roomId, boolean includeFormer);

    /** Sets (or with null lifts) an active member's mute; false if the membership is not active. */
    boolean setMutedUntil(String memberId, Instant until);

    /** Ends an active membership ({@code MEMBER_LEFT} or {@code MEMBER_REMOVED}); false if it was not active. */
    boolean endMembership(String memberId, MemberStatus status, Instant at);

    // --- hidden messages ---

    /** Keeps the events (a message and its edits) as they were before a moderator hid the message {@code ofSeq}. */
    void keepHidden(String roomId, long ofSeq, List<ConversationEvent> originals, Instant at);

    /** The kept events of one hidden message, by seq. */
    List<ConversationEvent> hiddenOf(String roomId, long ofSeq);

    /** Every kept event of the room, by seq. */
    List<ConversationEvent> hidden(String roomId);

    /** Forgets the kept events of the message (restored or deleted); returns how many. */
    int forgetHidden(String roomId, long ofSeq);

    /** Forgets kept events with seq below (purged by retention); returns how many. */
    int forgetHiddenBefore(String roomId, long seq);

    // --- moderation log ---

    void log(String roomId, LogEntry entry);

    /** Oldest first. */
    List<LogEntry> log(String roomId);
}
