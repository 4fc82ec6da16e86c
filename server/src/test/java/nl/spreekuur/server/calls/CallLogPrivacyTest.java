package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndCall;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.StandardErrorCapture;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

/**
 * Signalling never reaches the log: a whole call (offers, answers, candidates with marker addresses, refused SDP
 * and candidates that quote markers, TURN credentials, a quick exit) on a server logging at DEBUG, and afterwards no
 * marker is in what the server wrote, nor in any Error message the clients received.
 */
class CallLogPrivacyTest {
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Test
    void noSdpCandidateAddressOrCredentialIsLogged() throws Exception {
        String sdpMarker = "sdpmarker" + RUN;
        String ipMarker = "198.51.100." + (1 + (RUN.hashCode() & 0x7f));
        String mdnsMarker = "m" + RUN + ".local";
        String offer = CallPeers.OFFER.replace("a=mid:0", "a=mid:0\r\na=x-note:" + sdpMarker);
        List<String> secrets = new ArrayList<>(List.of(sdpMarker, mdnsMarker, "typ srflx raddr " + ipMarker));
        List<String> errors = new ArrayList<>();
        String log;
        try (StandardErrorCapture err = StandardErrorCapture.start()) {
            try (ServicesTestServer server = ServicesTestServer.start(Map.of(
                    "calls.turn-urls", "turn:turn.example.nl:3478", "calls.turn-secret", "secret" + RUN));
                 OpenChat chat = OpenChat.open(server, TestWsClient.JSON, TestWsClient.PROTO)) {
                secrets.add(chat.clientToken());
                secrets.add("secret" + RUN);
                var started = CallPeers.start(chat.pro(), chat.conversationId());
                String callId = started.getCall().getCallId();
                secrets.add(started.getIceServers().getIceServers(0).getCredential());
                String proId = started.getYourParticipantId();
                var accepted = CallPeers.accept(chat.client(), callId, MediaState.getDefaultInstance());
                chat.pro().callForAck(CallPeers.admit(callId, accepted.getYourParticipantId()));
                chat.client().callForAck(CallPeers.offer(callId, proId, offer));
                chat.client().callForAck(CallPeers.candidate(callId, proId,
                        "candidate:1 1 udp 1 " + ipMarker + " 5000 typ srflx raddr " + ipMarker + " rport 1"));
                chat.client().callForAck(CallPeers.candidate(callId, proId,
                        "candidate:2 1 udp 1 " + mdnsMarker + " 5001 typ host"));
                for (ClientMessage.Builder bad : List.of(
                        CallPeers.offer(callId, proId, "v=0\r\n" + sdpMarker),
                        CallPeers.candidate(callId, proId, "candidate:" + sdpMarker + " x " + ipMarker),
                        CallPeers.offer(callId, proId, offer + "a=" + sdpMarker.repeat(1800)),
                        CallPeers.offer("call-" + sdpMarker, proId, offer))) {
                    ServerMessage answer = chat.client().call(bad);
                    errors.add(answer.getError().getMessage());
                }
                chat.client().callForAck(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
                ServerMessage ended = chat.pro().call(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder()
                        .setCallId(callId)));
                errors.add(ended.hasError() ? ended.getError().getMessage() : "");
            }
            log = err.text();
        }
        assertThat(log).as("the capture works").contains("started in");
        for (String secret : secrets) {
            assertThat(log).as("log leaks %s", secret).doesNotContain(secret);
            assertThat(errors).as("errors leak %s", secret).noneMatch(e -> e.contains(secret));
        }
        assertThat(log).doesNotContain(ipMarker);
    }
}
