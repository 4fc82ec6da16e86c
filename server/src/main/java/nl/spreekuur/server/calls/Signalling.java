package nl.spreekuur.server.calls;

import nl.spreekuur.protocol.v1.CallSignal;
import nl.spreekuur.protocol.v1.SendSignal;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Calls.Call;
import nl.spreekuur.server.store.Calls.Member;

/**
 * Relays offers, answers and ICE candidates between two admitted participants of the same call, to the one
 * connection the addressee joined the call with (on whichever node: {@code Hub.pushToConnection}). Checked before
 * relay ({@link SignalCheck}); never stored, never logged.
 */
final class Signalling {
    private final CallDesk desk;

    Signalling(CallDesk desk) {
        this.desk = desk;
    }

    void send(Principal principal, SendSignal signal) {
        CallDesk.Visible visible = desk.visible(principal, signal.getCallId());
        Call call = visible.call();
        if (call.isEnded()) {
            throw RequestException.conflict("the call has ended");
        }
        Member sender = call.member(principal.id()).filter(m -> CallMachine.IN_CALL.contains(m.state()))
                .orElseThrow(() -> RequestException.forbidden("not admitted to this call"));
        Member addressee = call.memberByParticipant(signal.getToParticipantId())
                .filter(m -> CallMachine.IN_CALL.contains(m.state()))
                .filter(m -> !m.principalId().equals(sender.principalId()))
                .filter(m -> m.connectionId() != null)
                .orElseThrow(CallMachine::notInCall);
        CallSignal.Builder relayed = CallSignal.newBuilder().setCallId(call.id())
                .setFromParticipantId(sender.participantId());
        switch (signal.getSignalCase()) {
            case DESCRIPTION -> {
                SignalCheck.description(signal.getDescription());
                relayed.setDescription(signal.getDescription());
            }
            case CANDIDATE -> {
                SignalCheck.candidate(signal.getCandidate());
                relayed.setCandidate(signal.getCandidate());
            }
            default -> throw RequestException.invalid("signal: description or candidate required");
        }
        desk.push(addressee, ServerMessage.newBuilder().setCallSignal(relayed).build());
    }
}
