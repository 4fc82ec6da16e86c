package nl.spreekuur.server.calls;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallParticipant;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.DeclineCall;
import nl.spreekuur.protocol.v1.EndCall;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ReportCallConnected;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import org.junit.jupiter.api.AutoClose;

/**
 * The anonymous effect facts a call leaves when it ends (issue 15): how long it was held, that it never connected,
 * that it went through a relay, or that it was never held; and nothing of who was in it.
 */
class CallEffectFactsTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    /** The organisation's video facts of around today, as (fact, value) pairs. */
    static List<org.assertj.core.groups.Tuple> videoFacts(ServicesTestServer server, String organisationId) {
        LocalDate today = LocalDate.ofInstant(server.clock().instant(), Effects.ZONE);
        return server.server().store().effects().facts(organisationId, Effects.Channel.VIDEO_CONSULT,
                today.minusDays(1), today.plusDays(1)).stream()
                .peek(f -> assertThat(f.scopeId()).isEqualTo(Effects.ALL))
                .map(f -> tuple(f.fact(), f.value())).toList();
    }

    private static String clientOf(CallSession session) {
        return session.getCall().getParticipantsList().stream().filter(p -> p.getRole() == ParticipantRole.CLIENT)
                .map(CallParticipant::getParticipantId).findFirst().orElseThrow();
    }

    private static ClientMessage.Builder connected(String callId, boolean relayed) {
        return ClientMessage.newBuilder().setReportCallConnected(ReportCallConnected.newBuilder().setCallId(callId)
                .setRelayed(relayed));
    }

    @BothEncodings
    void aHeldCallCountsItsDurationAndItsRelayAndAnUnansweredOneCountsAsNotHeld(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, encoding, otherEncoding(encoding))) {
            // a call that was held for 7 minutes, the client's side through the TURN relay
            CallSession pro = CallPeers.start(chat.pro(), chat.conversationId());
            String callId = pro.getCall().getCallId();
            CallPeers.accept(chat.client(), callId, MediaState.getDefaultInstance());
            chat.pro().callForAck(CallPeers.admit(callId, clientOf(pro)));
            CallPeers.update(chat.client(), CallChange.PARTICIPANT_ADMITTED);
            chat.pro().callForAck(connected(callId, false));
            chat.client().callForAck(connected(callId, true));
            server.clock().advance(Duration.ofMinutes(7));
            chat.pro().callForAck(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder().setCallId(callId)));
            CallPeers.update(chat.client(), CallChange.CALL_FINISHED, callId);

            // a call the client declined
            String declined = CallPeers.start(chat.pro(), chat.conversationId()).getCall().getCallId();
            chat.client().callForAck(ClientMessage.newBuilder().setDeclineCall(DeclineCall.newBuilder()
                    .setCallId(declined)));
            CallPeers.update(chat.pro(), CallChange.CALL_FINISHED, declined);

            // a call that was held for a minute but never connected
            CallSession third = CallPeers.start(chat.pro(), chat.conversationId());
            String unconnected = third.getCall().getCallId();
            CallPeers.accept(chat.client(), unconnected, MediaState.getDefaultInstance());
            chat.pro().callForAck(CallPeers.admit(unconnected, clientOf(third)));
            server.clock().advance(Duration.ofMinutes(1));
            chat.pro().callForAck(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder()
                    .setCallId(unconnected)));
            CallPeers.update(chat.client(), CallChange.CALL_FINISHED, unconnected);

            assertThat(videoFacts(server, chat.org().id())).containsExactlyInAnyOrder(
                    tuple(Effects.CALL_HELD_CHAT, 420L),
                    tuple(Effects.CALL_RELAYED, 1L),
                    tuple(Effects.CALL_NOT_HELD, 1L),
                    tuple(Effects.CALL_HELD_CHAT, 60L),
                    tuple(Effects.CALL_NOT_CONNECTED, 1L));
        }
    }
}
