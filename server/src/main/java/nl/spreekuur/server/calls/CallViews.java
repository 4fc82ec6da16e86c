package nl.spreekuur.server.calls;

import nl.spreekuur.protocol.v1.CallParticipant;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.server.store.Calls.Call;
import nl.spreekuur.server.store.Calls.Member;
import nl.spreekuur.server.store.ProtoTime;

/** Calls as participants see them: participant ids only, never principal ids, addresses or credentials. */
final class CallViews {
    private CallViews() {
    }

    static nl.spreekuur.protocol.v1.Call of(Call call) {
        nl.spreekuur.protocol.v1.Call.Builder view = nl.spreekuur.protocol.v1.Call.newBuilder()
                .setCallId(call.id()).setConversationId(call.conversationId()).setMode(call.mode())
                .setState(call.state()).setMaxParticipants(call.maxParticipants())
                .setStartedAt(ProtoTime.of(call.startedAt())).setEndReason(call.endReason());
        for (Member m : call.members()) {
            if (m.host()) {
                view.setHostParticipantId(m.participantId());
            }
            view.addParticipants(CallParticipant.newBuilder().setParticipantId(m.participantId()).setRole(m.role())
                    .setDisplayName(m.displayName()).setState(m.state()).setHost(m.host())
                    .setMedia(MediaState.newBuilder().setAudioMuted(m.audioMuted()).setCameraOff(m.cameraOff())));
        }
        if (call.ringDeadline() != null) {
            view.setRingDeadline(ProtoTime.of(call.ringDeadline()));
        }
        if (call.endedAt() != null) {
            view.setEndedAt(ProtoTime.of(call.endedAt()));
        }
        if (call.consultId() != null) {
            view.setScheduledConsultId(call.consultId());
        }
        return view.build();
    }
}
