package nl.spreekuur.server.calls;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.CallUpdate;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.IceServers;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.calls.CallMachine.Binding;
import nl.spreekuur.server.calls.CallMachine.Change;
import nl.spreekuur.server.calls.CallMachine.Person;
import nl.spreekuur.server.calls.CallMachine.Step;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.ConnectionAddress;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Calls.Call;
import nl.spreekuur.server.store.Calls.Member;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out call requests: checks who asks (anyone who is not an active participant of the call's conversation
 * gets NOT_FOUND, exactly as for a call that does not exist), lets the {@link CallMachine} decide, stores the next
 * state (optimistically: a concurrent change on another node makes it read and decide again) and then announces
 * each change as a {@code call_update} event in the call's conversation.
 */
final class CallDesk {
    private static final Logger log = LoggerFactory.getLogger(CallDesk.class);
    private static final int ATTEMPTS = 8;

    private final CallContext ctx;
    private final CallMeasures measures;
    private final ReentrantLock[] locks = new ReentrantLock[64];

    CallDesk(CallContext ctx) {
        this.ctx = ctx;
        this.measures = new CallMeasures(ctx);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    // --- starting and joining ---

    CallSession start(ClientSession session, String conversationId, MediaState media) {
        Principal principal = session.principal();
        Conversation conversation = conversation(principal, conversationId);
        Person me = person(conversation, principal);
        if (!conversation.open()) {
            throw RequestException.conflict("the conversation has ended");
        }
        requireNotSupervisor(me);
        CallMode mode;
        if (conversation.kind() == ConversationKind.GROUP_ROOM) {
            if (me.role() != ParticipantRole.MODERATOR) {
                throw RequestException.forbidden("only a moderator can start the room's meeting");
            }
            mode = CallMode.CALL_MEETING;
        } else {
            if (me.role() != ParticipantRole.PROFESSIONAL) {
                throw RequestException.forbidden("only the professional can start a call here");
            }
            mode = CallMode.CALL_DIRECT;
        }
        // the other side of a direct call: an office-hour or consult client, or the member of a room's private talk
        List<Person> invitees = ctx.conversations().participants(conversation.id()).stream()
                .filter(p -> p.role() == ParticipantRole.CLIENT || p.role() == ParticipantRole.MEMBER)
                .map(CallDesk::person).toList();
        String callId = java.util.UUID.randomUUID().toString();
        Instant expiry = ctx.iceServers().expiryFrom(ctx.clock().instant());
        Step step = ctx.machine().start(callId, conversation.organisationId(), conversation.id(), mode, me, media,
                binding(session, expiry), invitees, consultIdOf(conversation));
        return created(step, me, expiry);
    }

    CallSession join(ClientSession session, String conversationId, MediaState media) {
        Principal principal = session.principal();
        Conversation conversation = conversation(principal, conversationId);
        Person me = person(conversation, principal);
        requireNotSupervisor(me);
        Instant expiry = ctx.iceServers().expiryFrom(ctx.clock().instant());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Call> active = ctx.store().calls().active(conversation.id());
            if (active.isPresent()) {
                Call call = apply(active.get().id(), c -> ctx.machine().join(c, me, media, binding(session, expiry)));
                return session(call, me, expiry);
            }
            if (conversation.kind() != ConversationKind.VIDEO_CONSULT || !conversation.open()) {
                throw RequestException.notFound("call");
            }
            if (me.role() == ParticipantRole.PROFESSIONAL) {
                return start(session, conversationId, media);
            }
            Person professional = ctx.conversations().participants(conversation.id()).stream()
                    .filter(p -> p.role() == ParticipantRole.PROFESSIONAL).map(CallDesk::person).findFirst()
                    .orElseThrow(() -> RequestException.notFound("call"));
            Step step = ctx.machine().startByClient(java.util.UUID.randomUUID().toString(), conversation.organisationId(), conversation.id(),
                    professional, me, media, binding(session, expiry), consultIdOf(conversation));
            try {
                return created(step, me, expiry);
            } catch (RequestException e) {
                if (e.code() != ErrorCode.CONFLICT) {
                    throw e;
                }
                // the professional started it meanwhile: join that call
            }
        }
        throw RequestException.conflict("conflicting state");
    }

    private CallSession created(Step step, Person me, Instant expiry) {
        Call stored;
        try {
            stored = ctx.store().calls().create(step.call());
        } catch (ConflictException e) {
            throw RequestException.conflict("this conversation already has an active call");
        }
        announce(step, stored.version());
        return session(stored, me, expiry);
    }

    private CallSession session(Call call, Person me, Instant expiry) {
        String participantId = call.member(me.principalId()).map(Member::participantId).orElse(me.participantId());
        return CallSession.newBuilder().setCall(CallViews.of(call)).setYourParticipantId(participantId)
                .setIceServers(ctx.iceServers().forParticipant(call.id(), participantId, expiry)).build();
    }

    private Binding binding(ClientSession session, Instant expiry) {
        return new Binding(ctx.hub().addressOf(session), expiry);
    }

    private String consultIdOf(Conversation conversation) {
        return conversation.ownedBy(ConsultOwner.CAPABILITY).orElse(null);
    }

    // --- requests on a call ---

    void ringing(Principal principal, String callId) {
        act(principal, callId, (call, me) -> ctx.machine().ringing(call, me));
    }

    CallSession accept(ClientSession session, String callId, MediaState media) {
        Instant expiry = ctx.iceServers().expiryFrom(ctx.clock().instant());
        Person[] who = new Person[1];
        Call call = act(session.principal(), callId, (c, me) -> {
            who[0] = me;
            return ctx.machine().accept(c, me, media, binding(session, expiry));
        });
        return session(call, who[0], expiry);
    }

    void decline(Principal principal, String callId) {
        act(principal, callId, (call, me) -> ctx.machine().decline(call, me));
    }

    void cancel(Principal principal, String callId) {
        act(principal, callId, (call, me) -> ctx.machine().cancel(call, me));
    }

    void admit(Principal principal, String callId, String participantId) {
        act(principal, callId, (call, me) -> ctx.machine().admit(call, me, participantId));
    }

    /** Leaving a call that has ended is fine (Ack). */
    void leave(Principal principal, String callId) {
        Call call = visible(principal, callId).call();
        if (call.isEnded()) {
            return;
        }
        act(principal, callId, (c, me) -> ctx.machine().leave(c, me.principalId(), false));
    }

    void end(Principal principal, String callId) {
        act(principal, callId, (call, me) -> ctx.machine().end(call, me));
    }

    void remove(Principal principal, String callId, String participantId) {
        act(principal, callId, (call, me) -> ctx.machine().remove(call, me, participantId));
    }

    void media(Principal principal, String callId, MediaState media) {
        act(principal, callId, (call, me) -> ctx.machine().media(call, me, media));
    }

    void connected(Principal principal, String callId, boolean relayed) {
        act(principal, callId, (call, me) -> ctx.machine().connected(call, me));
        measures.connected(callId, relayed);
    }

    IceServers renew(Principal principal, String callId) {
        Instant expiry = ctx.iceServers().expiryFrom(ctx.clock().instant());
        Person[] who = new Person[1];
        Call call = act(principal, callId, (c, me) -> {
            who[0] = me;
            c.member(me.principalId()).filter(m -> CallMachine.LIVE.contains(m.state()))
                    .orElseThrow(() -> RequestException.forbidden("not in this call"));
            return ctx.machine().credentials(c, me.principalId(), expiry);
        });
        return ctx.iceServers().forParticipant(call.id(), call.member(who[0].principalId()).orElseThrow()
                .participantId(), expiry);
    }

    nl.spreekuur.protocol.v1.Call get(Principal principal, String conversationId) {
        Conversation conversation = conversation(principal, conversationId);
        person(conversation, principal);
        return ctx.store().calls().latest(conversation.id()).map(CallViews::of)
                .orElseThrow(() -> RequestException.notFound("call"));
    }

    /** The call if the principal may know of it, with who they are in its conversation; NOT_FOUND otherwise. */
    Visible visible(Principal principal, String callId) {
        if (callId.isEmpty()) {
            throw RequestException.invalid("call_id is required");
        }
        Call call = ctx.store().calls().byId(callId).filter(c -> c.organisationId().equals(principal.organisationId()))
                .orElseThrow(() -> RequestException.notFound("call"));
        Participant participant = ctx.store().conversations().participant(call.conversationId(), principal.id())
                .filter(Participant::isActive).orElseThrow(() -> RequestException.notFound("call"));
        return new Visible(call, person(participant));
    }

    record Visible(Call call, Person person) {
    }

    // --- server-driven (jobs, revoked credentials) ---

    /** Applies a server-side step to the call (no requester); returns the stored call, or empty if it vanished. */
    Optional<Call> applyInternal(String callId, Function<Call, Step> decide) {
        try {
            return Optional.of(apply(callId, decide));
        } catch (RequestException e) {
            return Optional.empty();
        }
    }

    // --- the loop: read, decide, store, announce ---

    private Call act(Principal principal, String callId, BiFunction<Call, Person, Step> decide) {
        Person me = visible(principal, callId).person();
        return apply(callId, call -> decide.apply(call, me));
    }

    private Call apply(String callId, Function<Call, Step> decide) {
        ReentrantLock lock = locks[Math.floorMod(callId.hashCode(), locks.length)];
        lock.lock();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Call call = ctx.store().calls().byId(callId).orElseThrow(() -> RequestException.notFound("call"));
                Step step = decide.apply(call);
                if (step.changes().isEmpty() && step.call().equals(call)) {
                    return call;
                }
                Call stored;
                try {
                    stored = ctx.store().calls().update(step.call());
                } catch (ConflictException changedMeanwhile) {
                    continue;
                }
                announce(step, stored.version());
                return stored;
            }
            throw RequestException.conflict("conflicting state");
        } finally {
            lock.unlock();
        }
    }

    /** Each change as a call_update event in the conversation; a consult's end is recorded with the consult. */
    private void announce(Step step, long version) {
        Call call = step.call();
        for (Change change : step.changes()) {
            ConversationEvent.Builder event = ConversationEvent.newBuilder().setCallUpdate(CallUpdate.newBuilder()
                    .setChange(change.change()).setParticipantId(change.participantId())
                    .setCall(CallViews.of(change.after())));
            if (change.actorPrincipalId() != null) {
                change.after().member(change.actorPrincipalId()).ifPresent(actor -> event
                        .setSenderId(actor.participantId()).setSenderRole(actor.role())
                        .setSenderName(actor.displayName()));
            }
            try {
                ctx.conversations().appendSystem(call.conversationId(), event);
            } catch (RequestException conversationEnded) {
                log.debug("call update not announced: its conversation has ended");
            }
        }
        if (call.isEnded() && call.consultId() != null) {
            ctx.store().calls().consultEnded(call.consultId(), call.endedAt());
        }
        measures.observe(step);
    }

    /** Pushes a message to the participant's call connection (signalling, renewed ICE servers). */
    void push(Member member, ServerMessage message) {
        if (member.nodeId() != null && member.connectionId() != null) {
            ctx.hub().pushToConnection(new ConnectionAddress(member.nodeId(), member.connectionId()), message);
        }
    }

    // --- who is who ---

    private Conversation conversation(Principal principal, String conversationId) {
        return ctx.conversations().visibleConversation(principal, conversationId);
    }

    /** The principal's active participation, as a call person; NOT_FOUND "conversation not found" otherwise. */
    private Person person(Conversation conversation, Principal principal) {
        return ctx.store().conversations().participant(conversation.id(), principal.id())
                .filter(Participant::isActive).map(CallDesk::person)
                .orElseThrow(() -> RequestException.notFound("conversation"));
    }

    private static Person person(Participant p) {
        return new Person(p.principalId(), p.participantId(), p.role(), p.displayName());
    }

    private static void requireNotSupervisor(Person me) {
        if (me.role() == ParticipantRole.SUPERVISOR) {
            throw RequestException.forbidden("supervisors do not join calls");
        }
    }
}
