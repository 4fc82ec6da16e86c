package nl.spreekuur.server.calls;

import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.server.calls.CallMachine.Change;
import nl.spreekuur.server.calls.CallMachine.Step;
import nl.spreekuur.server.store.Calls.Call;
import nl.spreekuur.server.store.Calls.Measure;
import nl.spreekuur.server.store.Effects;

/**
 * Effect measurement of calls (issue 15): while a call runs its {@link Measure} notes when it was first held (two
 * or more participants in it at once), whether a device got connected and whether through a TURN relay; when it
 * ends, the measure becomes anonymous facts of the {@code VIDEO_CONSULT} channel, on the organisation's local day:
 * the kind of call and how long it was held, or that it was never held (not answered, nobody came), that it was held
 * but never connected, that it needed a relay, and for a group's online meeting how many took part. No participant,
 * conversation or call id goes into a fact.
 */
final class CallMeasures {
    /** Changes after which the call may hold two or more participants for the first time. */
    private static final Set<CallChange> ARRIVALS = EnumSet.of(CallChange.PARTICIPANT_ACCEPTED,
            CallChange.PARTICIPANT_ADMITTED, CallChange.PARTICIPANT_JOINED, CallChange.PARTICIPANT_RECONNECTED);
    /** A meeting's participants at its end who took part (a meeting has no lobby). */
    private static final Set<CallParticipantState> TOOK_PART = EnumSet.of(CallParticipantState.CALL_LEFT,
            CallParticipantState.CALL_REMOVED);

    private final CallContext ctx;

    CallMeasures(CallContext ctx) {
        this.ctx = ctx;
    }

    /** Called with every stored step of a call (after it was stored). */
    void observe(Step step) {
        for (Change change : step.changes()) {
            if (ARRIVALS.contains(change.change()) && inCall(change.after()) >= 2) {
                ctx.store().calls().markHeld(change.after().id(), ctx.clock().instant());
                break;
            }
        }
        if (step.changes().stream().anyMatch(c -> c.change() == CallChange.CALL_FINISHED)) {
            Call call = step.call();
            ctx.store().calls().takeMeasure(call.id()).ifPresent(measure -> record(call, measure));
        }
    }

    /** A device reported its peer connection connected. */
    void connected(String callId, boolean relayed) {
        ctx.store().calls().markConnected(callId, relayed);
    }

    private void record(Call call, Measure measure) {
        if (measure.heldAt() == null) {
            fact(call, Effects.CALL_NOT_HELD, 1);
            return;
        }
        long seconds = Math.max(0, Duration.between(measure.heldAt(), call.endedAt()).toSeconds());
        String held = call.consultId() != null ? Effects.CALL_HELD_CONSULT
                : call.mode() == CallMode.CALL_MEETING ? Effects.CALL_HELD_MEETING : Effects.CALL_HELD_CHAT;
        fact(call, held, seconds);
        if (call.mode() == CallMode.CALL_MEETING) {
            fact(call, Effects.MEETING_PARTICIPANTS,
                    call.members().stream().filter(m -> TOOK_PART.contains(m.state())).count());
        }
        if (!measure.connected()) {
            fact(call, Effects.CALL_NOT_CONNECTED, 1);
        }
        if (measure.relayed()) {
            fact(call, Effects.CALL_RELAYED, 1);
        }
    }

    private void fact(Call call, String fact, long value) {
        ctx.store().effects().recordFact(new Effects.Fact(call.organisationId(), Effects.Channel.VIDEO_CONSULT,
                Effects.ALL, LocalDate.ofInstant(call.endedAt(), Effects.ZONE), fact, value));
    }

    private static long inCall(Call call) {
        return call.members().stream().filter(m -> CallMachine.IN_CALL.contains(m.state())).count();
    }
}
