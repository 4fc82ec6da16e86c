package nl.spreekuur.server.calls;

import static nl.spreekuur.server.calls.CallPeers.ANSWER;
import static nl.spreekuur.server.calls.CallPeers.CANDIDATE;
import static nl.spreekuur.server.calls.CallPeers.OFFER;
import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallEndReason;
import nl.spreekuur.protocol.v1.CallParticipant;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallRinging;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.CallSignal;
import nl.spreekuur.protocol.v1.CallState;
import nl.spreekuur.protocol.v1.CallUpdate;
import nl.spreekuur.protocol.v1.CancelCall;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.DeclineCall;
import nl.spreekuur.protocol.v1.EndCall;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetCall;
import nl.spreekuur.protocol.v1.IceServer;
import nl.spreekuur.protocol.v1.LeaveCall;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.RenewIceServers;
import nl.spreekuur.protocol.v1.ReportCallConnected;
import nl.spreekuur.protocol.v1.SendSignal;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetCallMedia;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Calls;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Video calls in an office-hour chat over real WebSockets, in both encodings (client and professional each in
 * another one): invite, ring, accept, lobby, admit, signalling relay, media state, end; decline, cancel, ring
 * timeout, glare, reconnect mid-call, quick exit, TURN credentials; and every negative: outsiders get NOT_FOUND,
 * invalid SDP and candidates are refused, a second call is refused.
 */
class CallsWebSocketTest {
    static final String SECRET = "test-turn-secret";

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of(
            "jobs.interval-seconds", "0.2",
            "calls.stun-urls", "stun:stun.example.nl:3478",
            "calls.turn-urls", "turn:turn.example.nl:3478?transport=udp,turns:turn.example.nl:443?transport=tcp",
            "calls.turn-secret", SECRET));

    private static String participantId(CallSession session, nl.spreekuur.protocol.v1.ParticipantRole role) {
        return session.getCall().getParticipantsList().stream().filter(p -> p.getRole() == role)
                .map(CallParticipant::getParticipantId).findFirst().orElseThrow();
    }

    private static CallParticipantState stateOf(nl.spreekuur.protocol.v1.Call call, String participantId) {
        return call.getParticipantsList().stream().filter(p -> p.getParticipantId().equals(participantId))
                .map(CallParticipant::getState).findFirst().orElseThrow();
    }

    /** Start, ring, accept with camera off, admit: both admitted. Returns {callId, proId, clientId}. */
    private String[] admittedCall(OpenChat chat) throws InterruptedException {
        CallSession pro = CallPeers.start(chat.pro(), chat.conversationId());
        String callId = pro.getCall().getCallId();
        String clientId = participantId(pro, nl.spreekuur.protocol.v1.ParticipantRole.CLIENT);
        CallPeers.accept(chat.client(), callId, MediaState.newBuilder().setCameraOff(true).build());
        chat.pro().callForAck(CallPeers.admit(callId, clientId));
        CallPeers.update(chat.client(), CallChange.PARTICIPANT_ADMITTED);
        return new String[] {callId, pro.getYourParticipantId(), clientId};
    }

    @BothEncodings
    void theProfessionalInvitesTheClientToVideoAndTheyConnectThroughTheRelay(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            CallSession started = CallPeers.start(chat.pro(), chat.conversationId());
            nl.spreekuur.protocol.v1.Call call = started.getCall();
            String callId = call.getCallId();
            String proId = started.getYourParticipantId();
            String clientId = participantId(started, nl.spreekuur.protocol.v1.ParticipantRole.CLIENT);
            assertThat(call.getState()).isEqualTo(CallState.CALL_STATE_RINGING);
            assertThat(call.getHostParticipantId()).isEqualTo(proId);
            assertThat(stateOf(call, clientId)).isEqualTo(CallParticipantState.CALL_INVITED);
            assertThat(ProtoTime.toInstant(call.getRingDeadline()))
                    .isEqualTo(server.clock().instant().plusSeconds(30));
            // ICE servers: STUN, and TURN with REST credentials for this participant
            IceServer turn = started.getIceServers().getIceServers(1);
            long expiry = server.clock().instant().plusSeconds(600).getEpochSecond();
            assertThat(started.getIceServers().getIceServers(0).getUrlsList())
                    .containsExactly("stun:stun.example.nl:3478");
            assertThat(turn.getUsername()).isEqualTo(expiry + ":" + proId);
            assertThat(turn.getCredential()).isEqualTo(IceServerCredentials.password(SECRET, turn.getUsername()));
            assertThat(turn.getUrlsList()).hasSize(2);

            CallUpdate invited = CallPeers.update(chat.client(), CallChange.PARTICIPANT_INVITED);
            assertThat(invited.getParticipantId()).isEqualTo(clientId);
            chat.client().callForAck(ClientMessage.newBuilder().setCallRinging(CallRinging.newBuilder()
                    .setCallId(callId)));
            assertThat(CallPeers.update(chat.pro(), CallChange.PARTICIPANT_RINGING).getParticipantId())
                    .isEqualTo(clientId);

            CallSession accepted = CallPeers.accept(chat.client(), callId,
                    MediaState.newBuilder().setCameraOff(true).build());
            assertThat(accepted.getYourParticipantId()).isEqualTo(clientId);
            assertThat(stateOf(accepted.getCall(), clientId)).isEqualTo(CallParticipantState.CALL_IN_LOBBY);
            assertThat(accepted.getCall().getState()).isEqualTo(CallState.CALL_STATE_ACTIVE);
            assertThat(accepted.getIceServers().getIceServers(1).getUsername()).endsWith(":" + clientId);
            // in the lobby: no signalling yet
            assertThat(chat.client().callForError(CallPeers.offer(callId, proId, OFFER)))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            CallUpdate waiting = CallPeers.update(chat.pro(), CallChange.PARTICIPANT_ACCEPTED);
            assertThat(waiting.getCall().getParticipantsList()).filteredOn(p -> p.getParticipantId().equals(clientId))
                    .singleElement().satisfies(p -> assertThat(p.getMedia().getCameraOff()).isTrue());
            assertThat(chat.client().callForError(CallPeers.admit(callId, clientId))).isEqualTo(ErrorCode.FORBIDDEN);
            chat.pro().callForAck(CallPeers.admit(callId, clientId));
            assertThat(CallPeers.update(chat.client(), CallChange.PARTICIPANT_ADMITTED).getParticipantId())
                    .isEqualTo(clientId);

            // offer, answer, trickle: relayed unchanged, only to the addressee
            chat.client().callForAck(CallPeers.offer(callId, proId, OFFER));
            CallSignal offer = CallPeers.signal(chat.pro());
            assertThat(offer.getFromParticipantId()).isEqualTo(clientId);
            assertThat(offer.getDescription().getSdp()).isEqualTo(OFFER);
            chat.pro().callForAck(CallPeers.answer(callId, clientId, ANSWER));
            assertThat(CallPeers.signal(chat.client()).getDescription().getSdp()).isEqualTo(ANSWER);
            chat.client().callForAck(CallPeers.candidate(callId, proId, CANDIDATE));
            CallSignal candidate = CallPeers.signal(chat.pro());
            assertThat(candidate.getCandidate().getCandidate()).isEqualTo(CANDIDATE);
            assertThat(candidate.getCandidate().getSdpMid()).isEqualTo("0");
            chat.client().callForAck(CallPeers.candidate(callId, proId, ""));
            assertThat(CallPeers.signal(chat.pro()).getCandidate().getCandidate()).as("end of candidates").isEmpty();

            // connected, media state shown to the other
            chat.client().callForAck(ClientMessage.newBuilder().setReportCallConnected(
                    ReportCallConnected.newBuilder().setCallId(callId)));
            assertThat(CallPeers.update(chat.pro(), CallChange.PARTICIPANT_CONNECTED).getParticipantId())
                    .isEqualTo(clientId);
            chat.client().callForAck(ClientMessage.newBuilder().setSetCallMedia(SetCallMedia.newBuilder()
                    .setCallId(callId).setMedia(MediaState.newBuilder().setAudioMuted(true))));
            CallUpdate muted = CallPeers.update(chat.pro(), CallChange.MEDIA_CHANGED);
            assertThat(muted.getCall().getParticipantsList()).filteredOn(p -> p.getParticipantId().equals(clientId))
                    .singleElement().satisfies(p -> {
                        assertThat(p.getMedia().getAudioMuted()).isTrue();
                        assertThat(p.getState()).isEqualTo(CallParticipantState.CALL_CONNECTED);
                    });
            // the chat goes on next to the call
            chat.client().sendText(chat.conversationId(), "m1", "Hoort u mij?");

            // one active call per conversation
            ServerMessage second = chat.pro().call(CallPeers.startRequest(chat.conversationId()));
            assertThat(second.getError().getCode()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(second.getError().getMessage()).isEqualTo("this conversation already has an active call");

            chat.pro().callForAck(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder().setCallId(callId)));
            CallUpdate ended = CallPeers.update(chat.client(), CallChange.CALL_FINISHED);
            assertThat(ended.getCall().getState()).isEqualTo(CallState.CALL_STATE_ENDED);
            assertThat(ended.getCall().getEndReason()).isEqualTo(CallEndReason.CALL_END_BY_HOST);
            assertThat(chat.client().callForError(CallPeers.offer(callId, proId, OFFER))).isEqualTo(ErrorCode.CONFLICT);
            chat.client().callForAck(ClientMessage.newBuilder().setLeaveCall(LeaveCall.newBuilder().setCallId(callId)));
            ServerMessage latest = chat.client().call(ClientMessage.newBuilder().setGetCall(
                    GetCall.newBuilder().setConversationId(chat.conversationId())));
            assertThat(latest.getCall().getEndReason()).isEqualTo(CallEndReason.CALL_END_BY_HOST);
            // a new call may start now
            CallPeers.start(chat.pro(), chat.conversationId());
        }
    }

    @BothEncodings
    void outsidersCannotSignalIntoACallNorLearnThatItExists(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, encoding)) {
            String[] ids = admittedCall(chat);
            String callId = ids[0];
            String proId = ids[1];
            Account colleague = server.staff(chat.org(), "bram", "Bram", Role.PROFESSIONAL);
            Organisation other = server.organisation("elders");
            Account stranger = server.staff(other, "eva", "Eva", Role.PROFESSIONAL, Role.ORG_ADMIN);
            try (WsPeer bram = server.connect(encoding, server.login(chat.org(), "bram"));
                 WsPeer anon = server.connect(encoding, server.anonymous(chat.org()));
                 WsPeer eva = server.connect(otherEncoding(encoding), server.login(other, "eva"))) {
                for (WsPeer outsider : new WsPeer[] {bram, anon, eva}) {
                    for (ClientMessage.Builder request : new ClientMessage.Builder[] {
                            CallPeers.offer(callId, proId, OFFER), CallPeers.answer(callId, proId, ANSWER),
                            CallPeers.candidate(callId, proId, CANDIDATE), CallPeers.admit(callId, ids[2]),
                            ClientMessage.newBuilder().setEndCall(EndCall.newBuilder().setCallId(callId)),
                            ClientMessage.newBuilder().setRenewIceServers(RenewIceServers.newBuilder().setCallId(callId)),
                            ClientMessage.newBuilder().setLeaveCall(LeaveCall.newBuilder().setCallId(callId)),
                            CallPeers.joinRequest(chat.conversationId()),
                            ClientMessage.newBuilder().setGetCall(GetCall.newBuilder()
                                    .setConversationId(chat.conversationId())),
                            CallPeers.offer("no-such-call", proId, OFFER)}) {
                        ServerMessage answer = outsider.call(request);
                        assertThat(answer.getError().getCode()).as("%s by an outsider", request.getBodyCase())
                                .isEqualTo(ErrorCode.NOT_FOUND);
                    }
                }
                // the unknown id and someone else's call answer alike
                ServerMessage unknown = bram.call(CallPeers.offer("no-such-call", proId, OFFER));
                ServerMessage foreign = bram.call(CallPeers.offer(callId, proId, OFFER));
                assertThat(foreign.getError().getMessage()).isEqualTo(unknown.getError().getMessage())
                        .isEqualTo("call not found");
                assertThat(bram.skipped()).noneMatch(ServerMessage::hasCallSignal);
            }
            assertThat(colleague.id()).isNotEmpty();
            assertThat(stranger.id()).isNotEmpty();
            // nothing reached the professional from the outsiders
            chat.client().callForAck(CallPeers.offer(callId, proId, OFFER));
            assertThat(CallPeers.signal(chat.pro()).getFromParticipantId()).isEqualTo(ids[2]);
        }
    }

    @BothEncodings
    void invalidSignallingIsRefusedAndNotRelayed(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String[] ids = admittedCall(chat);
            String callId = ids[0];
            String proId = ids[1];
            WsPeer client = chat.client();
            ServerMessage bad = client.call(CallPeers.offer(callId, proId, "hello"));
            assertThat(bad.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(bad.getError().getMessage()).isEqualTo("sdp: not a valid session description")
                    .doesNotContain("hello");
            assertThat(client.callForError(CallPeers.offer(callId, proId, OFFER.replace("v=0", "v=1"))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(client.callForError(CallPeers.offer(callId, proId, OFFER + "a=x\u0000y\r\n")))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(client.callForError(CallPeers.offer(callId, proId, OFFER + "a=" + "x".repeat(33000))))
                    .isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(client.callForError(CallPeers.candidate(callId, proId, "candidate:1 1 udp 2 999.1.1.1 5 typ host")))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(client.callForError(CallPeers.candidate(callId, proId, "candidate:1 1 udp 2 10.0.0.1 5 typ nonsense")))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(client.callForError(CallPeers.candidate(callId, proId, "x".repeat(1100))))
                    .isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(client.callForError(ClientMessage.newBuilder().setSendSignal(SendSignal.newBuilder()
                    .setCallId(callId).setToParticipantId(proId)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(client.callForError(CallPeers.offer(callId, "nobody", OFFER))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(client.callForError(CallPeers.offer(callId, ids[2], OFFER))).as("to oneself")
                    .isEqualTo(ErrorCode.NOT_FOUND);
            // an mDNS host candidate and an IPv6 one pass
            client.callForAck(CallPeers.candidate(callId, proId,
                    "candidate:1 1 udp 2122260223 4f2b8c1e-2f5a-4c8e-9a51-3b1f0e8d2c7a.local 56143 typ host generation 0"));
            client.callForAck(CallPeers.candidate(callId, proId,
                    "candidate:2 1 tcp 1518280447 2001:db8::1 9 typ host tcptype active generation 0"));
            assertThat(CallPeers.signal(chat.pro()).getCandidate().getCandidate()).contains(".local");
            assertThat(CallPeers.signal(chat.pro()).getCandidate().getCandidate()).contains("2001:db8::1");
            assertThat(chat.pro().skipped()).noneMatch(ServerMessage::hasCallSignal);
        }
    }

    @BothEncodings
    void declineCancelAndRingTimeoutEndTheCallWithTheirReason(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String first = CallPeers.start(chat.pro(), chat.conversationId()).getCall().getCallId();
            chat.client().callForAck(ClientMessage.newBuilder().setDeclineCall(DeclineCall.newBuilder()
                    .setCallId(first)));
            CallPeers.update(chat.pro(), CallChange.PARTICIPANT_DECLINED);
            assertThat(CallPeers.update(chat.pro(), CallChange.CALL_FINISHED).getCall().getEndReason())
                    .isEqualTo(CallEndReason.CALL_END_DECLINED);
            assertThat(chat.client().callForError(ClientMessage.newBuilder().setAcceptCall(
                    nl.spreekuur.protocol.v1.AcceptCall.newBuilder().setCallId(first)))).isEqualTo(ErrorCode.CONFLICT);

            String second = CallPeers.start(chat.pro(), chat.conversationId()).getCall().getCallId();
            assertThat(chat.client().callForError(ClientMessage.newBuilder().setCancelCall(CancelCall.newBuilder()
                    .setCallId(second)))).as("only the host cancels").isEqualTo(ErrorCode.FORBIDDEN);
            chat.pro().callForAck(ClientMessage.newBuilder().setCancelCall(CancelCall.newBuilder().setCallId(second)));
            CallUpdate cancelled = CallPeers.update(chat.client(), CallChange.CALL_FINISHED, second);
            assertThat(cancelled.getCall().getCallId()).isEqualTo(second);
            assertThat(cancelled.getCall().getEndReason()).isEqualTo(CallEndReason.CALL_END_CANCELLED);

            String third = CallPeers.start(chat.pro(), chat.conversationId()).getCall().getCallId();
            server.clock().advance(Duration.ofSeconds(29));
            server.clock().advance(Duration.ofSeconds(1));
            CallUpdate timedOut = CallPeers.update(chat.pro(), CallChange.PARTICIPANT_TIMED_OUT, third);
            assertThat(timedOut.getCall().getCallId()).isEqualTo(third);
            CallUpdate noAnswer = CallPeers.update(chat.client(), CallChange.CALL_FINISHED, third);
            assertThat(noAnswer.getCall().getEndReason()).isEqualTo(CallEndReason.CALL_END_NO_ANSWER);
            assertThat(noAnswer.getCall().getCallId()).isEqualTo(third);
        }
    }

    @BothEncodings
    void glareRelaysBothOffersAndAReconnectedParticipantIsReachedOnItsNewConnection(String encoding)
            throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String[] ids = admittedCall(chat);
            String callId = ids[0];
            String proId = ids[1];
            String clientId = ids[2];
            // both offer at once: the server relays both, unchanged; the polite peer (smaller id) rolls back
            String a = chat.client().sendWithoutWaiting(CallPeers.offer(callId, proId, OFFER));
            String b = chat.pro().sendWithoutWaiting(CallPeers.offer(callId, clientId, OFFER));
            assertThat(chat.client().await("ack", m -> m.getRequestId().equals(a)).hasAck()).isTrue();
            assertThat(chat.pro().await("ack", m -> m.getRequestId().equals(b)).hasAck()).isTrue();
            assertThat(CallPeers.signal(chat.pro()).getFromParticipantId()).isEqualTo(clientId);
            assertThat(CallPeers.signal(chat.client()).getFromParticipantId()).isEqualTo(proId);

            // the client's socket drops; a new one with the same credential re-binds the call
            chat.client().close();
            try (WsPeer again = server.connect(otherEncoding(encoding), chat.clientToken())) {
                OpenChat.consumeReplay(again, again.subscribe(chat.conversationId(), 0, ""));
                CallSession rebound = CallPeers.join(again, chat.conversationId());
                assertThat(rebound.getYourParticipantId()).isEqualTo(clientId);
                assertThat(stateOf(rebound.getCall(), clientId)).isEqualTo(CallParticipantState.CALL_ADMITTED);
                assertThat(CallPeers.update(chat.pro(), CallChange.PARTICIPANT_RECONNECTED).getParticipantId())
                        .isEqualTo(clientId);
                again.callForAck(CallPeers.offer(callId, proId, OFFER));
                assertThat(CallPeers.signal(chat.pro()).getFromParticipantId()).isEqualTo(clientId);
                chat.pro().callForAck(CallPeers.answer(callId, clientId, ANSWER));
                assertThat(CallPeers.signal(again).getDescription().getSdp()).isEqualTo(ANSWER);
            }
        }
    }

    @BothEncodings
    void aQuickExitEndsTheCallAtOnce(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String callId = admittedCall(chat)[0];
            chat.client().callForAck(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
            // the professional learns it from the call itself: its last update comes before the chat's end
            CallUpdate finished = CallPeers.update(chat.pro(), CallChange.CALL_FINISHED);
            assertThat(finished.getCall().getCallId()).isEqualTo(callId);
            assertThat(finished.getCall().getEndReason()).isEqualTo(CallEndReason.CALL_END_QUICK_EXIT);
            chat.pro().await("the chat's end after the call's", m -> m.hasEvent() && m.getEvent().hasEnded());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Calls.Call call = server.server().store().calls().byId(callId).orElseThrow();
                assertThat(call.state()).isEqualTo(CallState.CALL_STATE_ENDED);
                assertThat(call.endReason()).isEqualTo(CallEndReason.CALL_END_QUICK_EXIT);
            });
            assertThat(chat.pro().callForError(CallPeers.offer(callId, "x", OFFER))).isEqualTo(ErrorCode.CONFLICT);
        }
    }

    @BothEncodings
    void turnCredentialsAreRenewedOnRequestAndPushedBeforeTheyExpire(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            String callId = admittedCall(chat)[0];
            server.clock().advance(Duration.ofSeconds(100));
            ServerMessage renewed = chat.client().call(ClientMessage.newBuilder().setRenewIceServers(
                    RenewIceServers.newBuilder().setCallId(callId)));
            assertThat(ProtoTime.toInstant(renewed.getIceServers().getExpiresAt()))
                    .isEqualTo(server.clock().instant().plusSeconds(600));
            // 8 more minutes: the professional's credentials (from the start) have less than 2 minutes left
            server.clock().advance(Duration.ofSeconds(400));
            ServerMessage pushed = chat.pro().await("pushed ice servers",
                    m -> m.hasIceServers() && m.getRequestId().isEmpty());
            assertThat(ProtoTime.toInstant(pushed.getIceServers().getExpiresAt()))
                    .isAfter(server.clock().instant().plusSeconds(500));
            assertThat(pushed.getIceServers().getCallId()).isEqualTo(callId);
        }
    }
}
