package nl.spreekuur.server.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallEndReason;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallState;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.session.ConnectionAddress;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Calls.Call;
import nl.spreekuur.server.store.Calls.Member;

import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_ADMITTED;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_CONNECTED;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_DECLINED;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_INVITED;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_IN_LOBBY;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_LEFT;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_REMOVED;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_RINGING;
import static nl.spreekuur.protocol.v1.CallParticipantState.CALL_TIMED_OUT;

/**
 * The call state machine, pure: given a call as stored and what someone did, the next call and the changes to
 * announce (each with the call as it is after that change), or a {@link RequestException} with the documented
 * error. No store, no clock of its own beyond the injected one, no I/O; {@code CallMachineTest} drives it with a
 * test clock. Lifecycle and rules: docs/protocol.md, section 11.
 */
final class CallMachine {
    static final Set<CallParticipantState> RINGING_STATES = EnumSet.of(CALL_INVITED, CALL_RINGING);
    static final Set<CallParticipantState> IN_CALL = EnumSet.of(CALL_ADMITTED, CALL_CONNECTED);
    /** Places taken for the mesh limit. */
    static final Set<CallParticipantState> PLACE = EnumSet.of(CALL_IN_LOBBY, CALL_ADMITTED, CALL_CONNECTED);
    static final Set<CallParticipantState> LIVE = EnumSet.of(CALL_INVITED, CALL_RINGING, CALL_IN_LOBBY,
            CALL_ADMITTED, CALL_CONNECTED);

    /** Who acts or joins: their participation in the call's conversation. */
    record Person(String principalId, String participantId, ParticipantRole role, String displayName) {
    }

    /** One announced change; {@code actorPrincipalId} is null when the server did it. */
    record Change(CallChange change, String participantId, String actorPrincipalId, Call after) {
    }

    /** The next state and what to announce (empty when nothing changed that others need to know). */
    record Step(Call call, List<Change> changes) {
    }

    /** Where a joining participant's signalling goes and until when their TURN credentials hold (null: none). */
    record Binding(ConnectionAddress address, Instant credentialsExpireAt) {
    }

    private final Clock clock;
    private final Duration ringTimeout;
    private final int maxParticipants;

    CallMachine(Clock clock, Duration ringTimeout, int maxParticipants) {
        this.clock = clock;
        this.ringTimeout = ringTimeout;
        this.maxParticipants = maxParticipants;
    }

    int maxParticipants() {
        return maxParticipants;
    }

    // --- starting ---

    /** The host starts a call; in a direct call the invitees ring. */
    Step start(String callId, String organisationId, String conversationId, CallMode mode, Person host,
               MediaState media, Binding binding, List<Person> invitees, String consultId) {
        Instant now = clock.instant();
        List<Member> members = new ArrayList<>();
        members.add(member(host, CALL_ADMITTED, media, true, binding));
        List<Person> ringing = mode == CallMode.CALL_DIRECT ? invitees : List.of();
        for (Person p : ringing) {
            members.add(member(p, CALL_INVITED, MediaState.getDefaultInstance(), false, null));
        }
        boolean rings = !ringing.isEmpty();
        Draft d = new Draft(new Call(callId, organisationId, conversationId, mode,
                rings ? CallState.CALL_STATE_RINGING : CallState.CALL_STATE_ACTIVE, host.principalId(),
                maxParticipants, now, rings ? now.plus(ringTimeout) : null, null, null, consultId, members, 0));
        d.record(CallChange.CALL_STARTED, host, host);
        for (Person p : ringing) {
            d.record(CallChange.PARTICIPANT_INVITED, p, host);
        }
        return d.step();
    }

    /**
     * A consult's client arrives before its professional started the call: the call starts with the professional
     * as host (invited, no ring timeout) and the client waiting in the lobby.
     */
    Step startByClient(String callId, String organisationId, String conversationId, Person professional,
                       Person client, MediaState media, Binding binding, String consultId) {
        Instant now = clock.instant();
        List<Member> members = List.of(member(professional, CALL_INVITED, MediaState.getDefaultInstance(), true, null),
                member(client, CALL_IN_LOBBY, media, false, binding));
        Draft d = new Draft(new Call(callId, organisationId, conversationId, CallMode.CALL_DIRECT,
                CallState.CALL_STATE_ACTIVE, professional.principalId(), maxParticipants, now, null, null, null,
                consultId, members, 0));
        d.record(CallChange.CALL_STARTED, professional, client);
        d.record(CallChange.PARTICIPANT_WAITING, client, client);
        return d.step();
    }

    // --- invitations ---

    Step ringing(Call call, Person who) {
        Draft d = new Draft(call);
        Member m = d.invitee(who);
        if (m.state() == CALL_RINGING) {
            return d.step();
        }
        d.put(with(m, CALL_RINGING));
        d.record(CallChange.PARTICIPANT_RINGING, who, who);
        return d.step();
    }

    Step accept(Call call, Person who, MediaState media, Binding binding) {
        Draft d = new Draft(call);
        Member m = d.invitee(who);
        d.requirePlace();
        // a client (or a room member in a private talk) waits in the lobby until the host lets them in; staff do not
        boolean waits = !m.host() && (who.role() == ParticipantRole.CLIENT || who.role() == ParticipantRole.MEMBER);
        CallParticipantState next = waits ? CALL_IN_LOBBY : CALL_ADMITTED;
        d.put(bind(withMedia(with(m, next), media), binding));
        d.activate();
        d.record(CallChange.PARTICIPANT_ACCEPTED, who, who);
        return d.step();
    }

    Step decline(Call call, Person who) {
        Draft d = new Draft(call);
        Member m = d.invitee(who);
        d.put(with(m, CALL_DECLINED));
        d.record(CallChange.PARTICIPANT_DECLINED, who, who);
        d.settle();
        return d.step();
    }

    Step cancel(Call call, Person host) {
        Draft d = new Draft(call);
        d.requireHost(host);
        if (call.state() != CallState.CALL_STATE_RINGING) {
            throw RequestException.conflict("the call is no longer ringing");
        }
        d.finish(CallEndReason.CALL_END_CANCELLED, host.principalId());
        return d.step();
    }

    /** Ring timeout: every invitee still ringing is timed out once the deadline has passed. */
    Step timeout(Call call) {
        Draft d = new Draft(call);
        if (call.ringDeadline() == null || clock.instant().isBefore(call.ringDeadline())) {
            return d.step();
        }
        for (Member m : List.copyOf(d.members)) {
            if (!m.host() && RINGING_STATES.contains(m.state())) {
                d.put(with(m, CALL_TIMED_OUT));
                d.recordFor(CallChange.PARTICIPANT_TIMED_OUT, m.participantId(), null);
            }
        }
        d.ringDeadline = null;
        d.settle();
        return d.step();
    }

    // --- joining ---

    /**
     * JoinCall: a reconnect re-binds; a meeting member is admitted; a consult's client waits in the lobby; the
     * consult's professional (invited as host) comes in.
     */
    Step join(Call call, Person who, MediaState media, Binding binding) {
        Draft d = new Draft(call);
        Member m = call.member(who.principalId()).orElse(null);
        if (m != null && m.state() == CALL_REMOVED) {
            throw RequestException.forbidden("removed from this call");
        }
        if (m != null && PLACE.contains(m.state())) {
            d.put(bind(withMedia(m, media), binding));
            d.record(CallChange.PARTICIPANT_RECONNECTED, who, who);
            return d.step();
        }
        if (m != null && RINGING_STATES.contains(m.state())) {
            if (m.host()) {
                d.put(bind(withMedia(with(m, CALL_ADMITTED), media), binding));
                d.record(CallChange.PARTICIPANT_JOINED, who, who);
                return d.step();
            }
            return accept(call, who, media, binding);
        }
        Member base = m != null ? m : member(who, CALL_LEFT, media, false, null);
        if (call.mode() == CallMode.CALL_MEETING) {
            d.requirePlace();
            d.put(bind(withMedia(with(base, CALL_ADMITTED), media), binding));
            d.record(CallChange.PARTICIPANT_JOINED, who, who);
            return d.step();
        }
        if (call.consultId() != null && who.role() == ParticipantRole.CLIENT) {
            d.requirePlace();
            d.put(bind(withMedia(with(base, CALL_IN_LOBBY), media), binding));
            d.activate();
            d.record(CallChange.PARTICIPANT_WAITING, who, who);
            return d.step();
        }
        throw RequestException.forbidden("not invited to this call");
    }

    Step admit(Call call, Person host, String participantId) {
        Draft d = new Draft(call);
        d.requireHost(host);
        Member m = d.byParticipant(participantId);
        if (m.state() != CALL_IN_LOBBY) {
            throw RequestException.conflict("not in the lobby");
        }
        d.put(with(m, CALL_ADMITTED));
        d.recordFor(CallChange.PARTICIPANT_ADMITTED, m.participantId(), host.principalId());
        return d.step();
    }

    // --- in the call ---

    Step media(Call call, Person who, MediaState media) {
        Draft d = new Draft(call);
        Member m = d.live(who);
        if (m.audioMuted() == media.getAudioMuted() && m.cameraOff() == media.getCameraOff()) {
            return d.step();
        }
        d.put(withMedia(m, media));
        d.record(CallChange.MEDIA_CHANGED, who, who);
        return d.step();
    }

    Step connected(Call call, Person who) {
        Draft d = new Draft(call);
        Member m = d.admitted(who);
        if (m.state() == CALL_CONNECTED) {
            return d.step();
        }
        d.put(with(m, CALL_CONNECTED));
        d.record(CallChange.PARTICIPANT_CONNECTED, who, who);
        return d.step();
    }

    /** New TURN credentials handed to the participant; nothing to announce. */
    Step credentials(Call call, String principalId, Instant expiresAt) {
        Draft d = new Draft(call);
        call.member(principalId).ifPresent(m -> d.put(new Member(m.principalId(), m.participantId(), m.role(),
                m.displayName(), m.state(), m.audioMuted(), m.cameraOff(), m.host(), m.nodeId(), m.connectionId(),
                expiresAt)));
        return d.step();
    }

    // --- leaving and ending ---

    /**
     * The participant leaves (LeaveCall, or their credential was revoked). A quick exit of the client of a direct
     * call ends the call. Leaving a call one is not live in changes nothing.
     */
    Step leave(Call call, String principalId, boolean quickExit) {
        Draft d = new Draft(call);
        Member m = call.member(principalId).orElse(null);
        if (m == null || !LIVE.contains(m.state())) {
            return d.step();
        }
        d.put(with(m, CALL_LEFT));
        d.recordFor(CallChange.PARTICIPANT_LEFT, m.participantId(), quickExit ? null : principalId);
        if (quickExit && call.mode() == CallMode.CALL_DIRECT && m.role() == ParticipantRole.CLIENT) {
            d.finish(CallEndReason.CALL_END_QUICK_EXIT, null);
        } else {
            d.settle();
        }
        return d.step();
    }

    Step end(Call call, Person host) {
        Draft d = new Draft(call);
        d.requireHost(host);
        d.finish(CallEndReason.CALL_END_BY_HOST, host.principalId());
        return d.step();
    }

    Step remove(Call call, Person host, String participantId) {
        Draft d = new Draft(call);
        d.requireHost(host);
        Member m = d.byParticipant(participantId);
        if (m.principalId().equals(host.principalId()) || m.state() == CALL_REMOVED) {
            throw notInCall();
        }
        d.put(with(m, CALL_REMOVED));
        d.recordFor(CallChange.PARTICIPANT_REMOVED, m.participantId(), host.principalId());
        d.settle();
        return d.step();
    }

    /** The conversation ended; when the client's quick exit ended it, a direct call ends for that reason. */
    Step conversationEnded(Call call, boolean byQuickExit) {
        Draft d = new Draft(call);
        d.finish(byQuickExit && call.mode() == CallMode.CALL_DIRECT ? CallEndReason.CALL_END_QUICK_EXIT
                : CallEndReason.CALL_END_CONVERSATION_ENDED, null);
        return d.step();
    }

    // --- members ---

    private static Member member(Person p, CallParticipantState state, MediaState media, boolean host,
                                 Binding binding) {
        return bind(new Member(p.principalId(), p.participantId(), p.role(), p.displayName(), state,
                media.getAudioMuted(), media.getCameraOff(), host, null, null, null), binding);
    }

    static Member with(Member m, CallParticipantState state) {
        return new Member(m.principalId(), m.participantId(), m.role(), m.displayName(), state, m.audioMuted(),
                m.cameraOff(), m.host(), m.nodeId(), m.connectionId(), m.credentialsExpireAt());
    }

    private static Member withMedia(Member m, MediaState media) {
        return new Member(m.principalId(), m.participantId(), m.role(), m.displayName(), m.state(),
                media.getAudioMuted(), media.getCameraOff(), m.host(), m.nodeId(), m.connectionId(),
                m.credentialsExpireAt());
    }

    private static Member bind(Member m, Binding binding) {
        if (binding == null) {
            return m;
        }
        return new Member(m.principalId(), m.participantId(), m.role(), m.displayName(), m.state(), m.audioMuted(),
                m.cameraOff(), m.host(), binding.address().nodeId(), binding.address().connectionId(),
                binding.credentialsExpireAt());
    }

    static RequestException notInCall() {
        return new RequestException(ErrorCode.NOT_FOUND, "participant not in this call");
    }

    /** The call being changed: its fields as they will be stored, and the changes so far. */
    private final class Draft {
        private final Call base;
        private final List<Member> members;
        private final List<Change> changes = new ArrayList<>();
        private CallState state;
        private Instant ringDeadline;
        private Instant endedAt;
        private CallEndReason endReason;

        Draft(Call base) {
            this.base = base;
            this.members = new ArrayList<>(base.members());
            this.state = base.state();
            this.ringDeadline = base.ringDeadline();
            this.endedAt = base.endedAt();
            this.endReason = base.endReason();
            if (base.isEnded()) {
                throw RequestException.conflict("the call has ended");
            }
        }

        Call snapshot() {
            return new Call(base.id(), base.organisationId(), base.conversationId(), base.mode(), state,
                    base.hostPrincipalId(), base.maxParticipants(), base.startedAt(), ringDeadline, endedAt,
                    endReason, base.consultId(), members, base.version());
        }

        Step step() {
            return new Step(snapshot(), List.copyOf(changes));
        }

        void record(CallChange change, Person subject, Person actor) {
            recordFor(change, subject.participantId(), actor.principalId());
        }

        void recordFor(CallChange change, String participantId, String actorPrincipalId) {
            changes.add(new Change(change, participantId, actorPrincipalId, snapshot()));
        }

        void put(Member m) {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).principalId().equals(m.principalId())) {
                    members.set(i, m);
                    return;
                }
            }
            members.add(m);
        }

        Member invitee(Person who) {
            Member m = base.member(who.principalId())
                    .orElseThrow(() -> RequestException.forbidden("not invited to this call"));
            if (!RINGING_STATES.contains(m.state())) {
                throw RequestException.conflict("no longer invited");
            }
            return m;
        }

        Member live(Person who) {
            return base.member(who.principalId()).filter(m -> LIVE.contains(m.state()))
                    .orElseThrow(() -> RequestException.forbidden("not in this call"));
        }

        Member admitted(Person who) {
            return base.member(who.principalId()).filter(m -> IN_CALL.contains(m.state()))
                    .orElseThrow(() -> RequestException.forbidden("not admitted to this call"));
        }

        Member byParticipant(String participantId) {
            return members.stream().filter(m -> m.participantId().equals(participantId)).findFirst()
                    .orElseThrow(() -> notInCall());
        }

        void requireHost(Person who) {
            boolean host = who.principalId().equals(base.hostPrincipalId())
                    || base.mode() == CallMode.CALL_MEETING && who.role() == ParticipantRole.MODERATOR;
            if (!host) {
                throw RequestException.forbidden("only the host can do this");
            }
        }

        void requirePlace() {
            long taken = members.stream().filter(m -> PLACE.contains(m.state())).count();
            if (taken >= base.maxParticipants()) {
                throw new RequestException(ErrorCode.LIMIT_REACHED,
                        "the call is full (at most " + base.maxParticipants() + " participants)");
            }
        }

        /** Someone besides the host accepted or arrived. */
        void activate() {
            state = CallState.CALL_STATE_ACTIVE;
            if (members.stream().noneMatch(m -> !m.host() && RINGING_STATES.contains(m.state()))) {
                ringDeadline = null;
            }
        }

        /** Ends the call when nobody is left to have it with (see CallEndReason). */
        void settle() {
            if (members.stream().noneMatch(m -> !m.host() && RINGING_STATES.contains(m.state()))) {
                ringDeadline = null;
            }
            if (base.mode() == CallMode.CALL_MEETING) {
                if (members.stream().noneMatch(m -> LIVE.contains(m.state()))) {
                    finish(CallEndReason.CALL_END_EVERYONE_LEFT, null);
                }
                return;
            }
            Member host = members.stream().filter(Member::host).findFirst().orElseThrow();
            if (!LIVE.contains(host.state())) {
                finish(state == CallState.CALL_STATE_RINGING ? CallEndReason.CALL_END_CANCELLED
                        : CallEndReason.CALL_END_EVERYONE_LEFT, null);
                return;
            }
            List<Member> others = members.stream().filter(m -> !m.host()).toList();
            if (others.isEmpty() || others.stream().anyMatch(m -> LIVE.contains(m.state()))) {
                return;
            }
            if (state == CallState.CALL_STATE_RINGING) {
                boolean timedOut = others.stream().anyMatch(m -> m.state() == CALL_TIMED_OUT);
                boolean declined = others.stream().allMatch(m -> m.state() == CALL_DECLINED);
                finish(timedOut ? CallEndReason.CALL_END_NO_ANSWER
                        : declined ? CallEndReason.CALL_END_DECLINED : CallEndReason.CALL_END_EVERYONE_LEFT, null);
            } else {
                finish(CallEndReason.CALL_END_EVERYONE_LEFT, null);
            }
        }

        void finish(CallEndReason reason, String actorPrincipalId) {
            for (Member m : List.copyOf(members)) {
                if (LIVE.contains(m.state())) {
                    put(with(m, CALL_LEFT));
                }
            }
            state = CallState.CALL_STATE_ENDED;
            ringDeadline = null;
            endedAt = clock.instant();
            endReason = reason;
            recordFor(CallChange.CALL_FINISHED, "", actorPrincipalId);
        }
    }
}
