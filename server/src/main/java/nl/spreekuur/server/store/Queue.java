package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.QueueState;

/**
 * The office-hour queue. Claiming is atomic: a WAITING entry becomes IN_CHAT by exactly one conditional update,
 * and a professional's concurrent-chat maximum is checked while their duty row is locked.
 */
public interface Queue {

    /**
     * @param joinedAt        ordering key (kept when a chat is transferred back to the queue)
     * @param claimedBy       account id of the professional holding the chat
     * @param disconnectedAt  when the client's last connection dropped (null while connected)
     */
    record Entry(String id, String officeHourId, String organisationId, String conversationId,
                 String clientPrincipalId, String nickname, String firstQuestion, boolean urgent, QueueState state,
                 Instant joinedAt, Instant claimedAt, String claimedBy, Instant endedAt, boolean returnedByTransfer,
                 Instant disconnectedAt) {
    }

    enum ClaimStatus { CLAIMED, NOT_WAITING, EMPTY, LIMIT_REACHED, NOT_ON_DUTY }

    record ClaimOutcome(ClaimStatus status, Entry entry) {
    }

    /** @throws ConflictException if the client already has a WAITING or IN_CHAT entry in this office hour */
    Entry create(String officeHourId, String organisationId, String conversationId, String clientPrincipalId,
                 String nickname, String firstQuestion, Instant now);

    Optional<Entry> byId(String id);

    Optional<Entry> byConversation(String conversationId);

    /** WAITING entries in serving order: urgent first, then by joinedAt, then id. */
    List<Entry> waiting(String officeHourId);

    /** IN_CHAT entries of the office hour. */
    List<Entry> inChat(String officeHourId);

    /** WAITING or IN_CHAT entries of a client principal. */
    List<Entry> activeOf(String clientPrincipalId);

    /**
     * Claims a specific entry (entryId != null) or the next one in serving order, for a professional on duty,
     * if they hold fewer than maxChats IN_CHAT entries. Atomic across threads and nodes.
     */
    ClaimOutcome claim(String officeHourId, String entryId, String professionalId, int maxChats, Instant now);

    /** Moves the entry from one of {@code from} to {@code to}; returns the updated entry if it was in one of them. */
    Optional<Entry> transition(String entryId, List<QueueState> from, QueueState to, Instant now);

    /** IN_CHAT → IN_CHAT with another professional (transfer). Returns false if not IN_CHAT. */
    boolean reassign(String entryId, String toProfessionalId, Instant now);

    /** IN_CHAT → WAITING, keeping joinedAt (its place), marking returnedByTransfer. */
    boolean returnToQueue(String entryId);

    boolean setUrgent(String entryId, boolean urgent);

    boolean updateFirstQuestion(String entryId, String firstQuestion);

    void setDisconnectedAt(String entryId, Instant at);

    /** WAITING or IN_CHAT entries whose client has been disconnected since before the cut-off. */
    List<Entry> disconnectedSince(Instant cutoff);

    /** Number of IN_CHAT entries held by the professional, over all office hours. */
    int chatsHeldBy(String professionalId);

    /** Deletes ended entries (LEFT, EXPIRED, NOT_SERVED, FINISHED) that ended before the cut-off. */
    int deleteEndedBefore(Instant cutoff);
}
