package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.CallEndReason;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallState;
import nl.spreekuur.protocol.v1.ParticipantRole;

/**
 * The calls capability's own tables: the current state of each call with its participants, the one active call per
 * conversation, and scheduled consults with their one-time join links. A call's history is its conversation's
 * {@code call_update} events; signalling (SDP, ICE candidates) is never stored.
 */
public interface Calls {

    /**
     * One call and its participants, as read at {@code version}. Immutable; the capability's state machine makes
     * the next version and {@link #update} stores it if nobody stored another one meanwhile.
     *
     * @param ringDeadline null unless invitees ring
     * @param consultId    null unless this is a scheduled consult's call
     */
    record Call(String id, String organisationId, String conversationId, CallMode mode, CallState state,
                String hostPrincipalId, int maxParticipants, Instant startedAt, Instant ringDeadline, Instant endedAt,
                CallEndReason endReason, String consultId, List<Member> members, long version) {
        public Call {
            members = List.copyOf(members);
            endReason = endReason == null ? CallEndReason.CALL_END_REASON_UNSPECIFIED : endReason;
        }

        public boolean isEnded() {
            return state == CallState.CALL_STATE_ENDED;
        }

        public Optional<Member> member(String principalId) {
            return members.stream().filter(m -> m.principalId().equals(principalId)).findFirst();
        }

        public Optional<Member> memberByParticipant(String participantId) {
            return members.stream().filter(m -> m.participantId().equals(participantId)).findFirst();
        }
    }

    /**
     * A participant of a call.
     *
     * @param nodeId              with connectionId: where signalling to them goes; null before they joined with a connection
     * @param credentialsExpireAt when the TURN credentials last handed to them expire; null without TURN
     */
    record Member(String principalId, String participantId, ParticipantRole role, String displayName,
                  CallParticipantState state, boolean audioMuted, boolean cameraOff, boolean host, String nodeId,
                  String connectionId, Instant credentialsExpireAt) {
    }

    /**
     * Stores a new call (version 1) as its conversation's active call.
     *
     * @throws ConflictException when the conversation already has an active call (on any node)
     */
    Call create(Call call);

    /**
     * Stores the next state of a call whose stored version is {@code call.version()}; returns it with the version
     * raised by one. An ended call stops being its conversation's active call.
     *
     * @throws ConflictException when the stored version differs (someone else changed the call meanwhile)
     */
    Call update(Call call);

    Optional<Call> byId(String callId);

    /** The conversation's active (not ended) call. */
    Optional<Call> active(String conversationId);

    /** The active call, or else the one started last. */
    Optional<Call> latest(String conversationId);

    /** Every call that has not ended, for the time-driven jobs. */
    List<Call> allActive();

    /** The active calls in which the principal is a participant (in any state). */
    List<Call> activeWith(String principalId);

    // --- effect measurement ---

    /**
     * What the effect figures need of a call that ran (issue 15), nothing about who was in it.
     *
     * @param heldAt    when two or more participants were first in the call at once; null if that never happened
     * @param connected a device reported a connected peer connection
     * @param relayed   a device reported a connection through a TURN relay
     */
    record Measure(String callId, Instant heldAt, boolean connected, boolean relayed) {
    }

    /** Marks the call as held at {@code at}, the first time only. */
    void markHeld(String callId, Instant at);

    /** A device reported a connected peer connection, through a TURN relay or not (a relay is remembered). */
    void markConnected(String callId, boolean relayed);

    /** The ended call's measure, deleted as it is read (so its facts are recorded once, on any node). */
    Optional<Measure> takeMeasure(String callId);

    // --- scheduled consults ---

    /**
     * @param linkUsedAt        null until the link was used
     * @param linkRevokedAt     null unless revoked
     * @param clientPrincipalId the anonymous client who used the link; null before
     * @param endedAt           when the consult's call ended; null before
     */
    record Consult(String id, String organisationId, String professionalId, String conversationId, Instant startsAt,
                   int durationMinutes, String label, String joinCode, Instant linkExpiresAt, Instant linkUsedAt,
                   Instant linkRevokedAt, String clientPrincipalId, Instant endedAt, Instant createdAt) {
        public Instant plannedEnd() {
            return startsAt.plusSeconds(60L * durationMinutes);
        }
    }

    /** Why a join link did not let someone in, in the order they are checked. */
    enum LinkRefusal { UNKNOWN_CODE, CONSULT_ENDED, REVOKED, USED, EXPIRED }

    /** Exactly one of the two is set. */
    record Redeemed(Consult consult, LinkRefusal refusal) {
        public boolean used() {
            return consult != null;
        }
    }

    Consult createConsult(Consult consult);

    /**
     * Deletes ended calls (with their participant rows: display names) that ended before {@code endedBefore}; their
     * story stays in the conversation's {@code call_update} events for as long as the conversation keeps them.
     *
     * @return how many calls were deleted
     */
    int purgeEndedCalls(Instant endedBefore);

    /**
     * Consults that are over since before {@code before}: their call ended then, or (never ended) their link
     * expired then.
     */
    List<Consult> consultsOverBefore(Instant before);

    /** Deletes the consult's row (its conversation is deleted by the caller, after this). */
    void deleteConsult(String consultId);

    Optional<Consult> consult(String consultId);

    Optional<Consult> consultByCode(String joinCode);

    Optional<Consult> consultByConversation(String conversationId);

    /** The professional's consults, soonest first. */
    List<Consult> consultsOf(String professionalId);

    /** The consult a client used the link of. */
    Optional<Consult> consultOfClient(String clientPrincipalId);

    /**
     * Uses the link once, under a row lock: of several callers at once exactly one gets it. The refusal, if any, is
     * judged by {@link #linkRefusal} at {@code now}.
     */
    Redeemed useLink(String joinCode, String clientPrincipalId, Instant now);

    /** Revokes the link (revoking again changes nothing); false if there is no such consult. */
    boolean revokeLink(String consultId, Instant now);

    /** Records that the consult's call ended (the first time only). */
    void consultEnded(String consultId, Instant now);

    /** Why the consult's link cannot be used at {@code now}, or null if it can. */
    static LinkRefusal linkRefusal(Consult consult, Instant now) {
        if (consult.endedAt() != null || !now.isBefore(consult.plannedEnd())) {
            return LinkRefusal.CONSULT_ENDED;
        }
        if (consult.linkRevokedAt() != null) {
            return LinkRefusal.REVOKED;
        }
        if (consult.linkUsedAt() != null) {
            return LinkRefusal.USED;
        }
        if (!now.isBefore(consult.linkExpiresAt())) {
            return LinkRefusal.EXPIRED;
        }
        return null;
    }
}
