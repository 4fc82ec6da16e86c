package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.AcceptCall;
import nl.spreekuur.protocol.v1.AdmitToCall;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.CallSignal;
import nl.spreekuur.protocol.v1.CallUpdate;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.IceCandidate;
import nl.spreekuur.protocol.v1.JoinCall;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.SdpType;
import nl.spreekuur.protocol.v1.SendSignal;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SessionDescription;
import nl.spreekuur.protocol.v1.StartCall;
import nl.spreekuur.server.testsupport.WsPeer;

/** Requests and expectations the call tests share. */
final class CallPeers {
    /** An SDP offer as Chromium writes it (trimmed to one audio m-line; the relay only checks its structure). */
    static final String OFFER = "v=0\r\n"
            + "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
            + "s=-\r\n"
            + "t=0 0\r\n"
            + "a=group:BUNDLE 0\r\n"
            + "a=msid-semantic: WMS\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n"
            + "c=IN IP4 0.0.0.0\r\n"
            + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
            + "a=ice-ufrag:EsGb\r\n"
            + "a=ice-pwd:Hd4W4ZS2Ox5k0r7mJq0DqPXo\r\n"
            + "a=fingerprint:sha-256 12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD\r\n"
            + "a=setup:actpass\r\n"
            + "a=mid:0\r\n"
            + "a=sendrecv\r\n"
            + "a=rtcp-mux\r\n"
            + "a=rtpmap:111 opus/48000/2\r\n";
    static final String ANSWER = OFFER.replace("a=setup:actpass", "a=setup:active");
    static final String CANDIDATE =
            "candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0";

    private CallPeers() {
    }

    static CallSession start(WsPeer peer, String conversationId) throws InterruptedException {
        ServerMessage answer = peer.call(ClientMessage.newBuilder().setStartCall(
                StartCall.newBuilder().setConversationId(conversationId)));
        assertThat(answer.hasCallSession()).as("CallSession, got %s", answer).isTrue();
        return answer.getCallSession();
    }

    static ClientMessage.Builder startRequest(String conversationId) {
        return ClientMessage.newBuilder().setStartCall(StartCall.newBuilder().setConversationId(conversationId));
    }

    static CallSession accept(WsPeer peer, String callId, MediaState media) throws InterruptedException {
        ServerMessage answer = peer.call(ClientMessage.newBuilder().setAcceptCall(
                AcceptCall.newBuilder().setCallId(callId).setMedia(media)));
        assertThat(answer.hasCallSession()).as("CallSession, got %s", answer).isTrue();
        return answer.getCallSession();
    }

    static CallSession join(WsPeer peer, String conversationId) throws InterruptedException {
        ServerMessage answer = peer.call(joinRequest(conversationId));
        assertThat(answer.hasCallSession()).as("CallSession, got %s", answer).isTrue();
        return answer.getCallSession();
    }

    static ClientMessage.Builder joinRequest(String conversationId) {
        return ClientMessage.newBuilder().setJoinCall(JoinCall.newBuilder().setConversationId(conversationId));
    }

    static ClientMessage.Builder admit(String callId, String participantId) {
        return ClientMessage.newBuilder().setAdmitToCall(AdmitToCall.newBuilder().setCallId(callId)
                .setParticipantId(participantId));
    }

    static ClientMessage.Builder offer(String callId, String to, String sdp) {
        return ClientMessage.newBuilder().setSendSignal(SendSignal.newBuilder().setCallId(callId)
                .setToParticipantId(to).setDescription(SessionDescription.newBuilder().setType(SdpType.SDP_OFFER)
                        .setSdp(sdp)));
    }

    static ClientMessage.Builder answer(String callId, String to, String sdp) {
        return ClientMessage.newBuilder().setSendSignal(SendSignal.newBuilder().setCallId(callId)
                .setToParticipantId(to).setDescription(SessionDescription.newBuilder().setType(SdpType.SDP_ANSWER)
                        .setSdp(sdp)));
    }

    static ClientMessage.Builder candidate(String callId, String to, String candidate) {
        return ClientMessage.newBuilder().setSendSignal(SendSignal.newBuilder().setCallId(callId)
                .setToParticipantId(to).setCandidate(IceCandidate.newBuilder().setCandidate(candidate)
                        .setSdpMid("0").setUsernameFragment("EsGb")));
    }

    /** The next call_update of this kind that reaches the peer (earlier other messages are kept). */
    static CallUpdate update(WsPeer peer, CallChange change) throws InterruptedException {
        return peer.await("call update " + change, m -> m.hasEvent() && m.getEvent().hasCallUpdate()
                && m.getEvent().getCallUpdate().getChange() == change).getEvent().getCallUpdate();
    }

    /** The next call_update of this kind for this call. */
    static CallUpdate update(WsPeer peer, CallChange change, String callId) throws InterruptedException {
        return peer.await("call update " + change, m -> m.hasEvent() && m.getEvent().hasCallUpdate()
                && m.getEvent().getCallUpdate().getChange() == change
                && m.getEvent().getCallUpdate().getCall().getCallId().equals(callId)).getEvent().getCallUpdate();
    }

    static CallSignal signal(WsPeer peer) throws InterruptedException {
        return peer.await("call signal", ServerMessage::hasCallSignal).getCallSignal();
    }
}
