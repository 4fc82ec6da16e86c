package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallParticipant;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.CallSignal;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndCall;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesCluster;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A video call between two nodes (one PostgreSQL, one redis-server, {@code broker=redis}): the client on node A,
 * the professional on node B. Call updates travel as conversation events; offers, answers and ICE candidates are
 * pushed to the one connection of the addressee on the other node ({@code node:<nodeId>} over the broker).
 */
class CallsAcrossNodesTest {
    private ServicesCluster cluster;
    private ServicesTestServer nodeA;
    private ServicesTestServer nodeB;

    @BeforeEach
    void startTwoNodes() {
        cluster = ServicesCluster.start(2);
        nodeA = cluster.node(0);
        nodeB = cluster.node(1);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void signallingReachesThePeerOnTheOtherNodeBothWays() throws Exception {
        Organisation org = nodeA.organisation("demo");
        OfficeHour officeHour = nodeA.alwaysOpenOfficeHour(org, "inloop",
                nodeA.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL));
        try (WsPeer pro = nodeB.connect(TestWsClient.PROTO, nodeB.login(org, "anna"));
             WsPeer client = nodeA.connect(TestWsClient.JSON, nodeA.anonymous(org))) {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
            String chat = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(officeHour.getId()).setNickname("Sam").setUseConsentDefault(true)))
                    .getJoinQueueResult().getStatus().getConversationId();
            client.subscribe(chat, 0, "");
            pro.call(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                    .setOfficeHourId(officeHour.getId())));
            pro.subscribe(chat, 0, "");

            CallSession host = CallPeers.start(pro, chat);
            String callId = host.getCall().getCallId();
            String clientId = host.getCall().getParticipantsList().stream()
                    .filter(p -> p.getRole() == ParticipantRole.CLIENT).map(CallParticipant::getParticipantId)
                    .findFirst().orElseThrow();
            CallPeers.update(client, CallChange.PARTICIPANT_INVITED, callId);
            CallPeers.accept(client, callId, MediaState.getDefaultInstance());
            CallPeers.update(pro, CallChange.PARTICIPANT_ACCEPTED, callId);
            pro.callForAck(CallPeers.admit(callId, clientId));
            CallPeers.update(client, CallChange.PARTICIPANT_ADMITTED, callId);

            // node A → node B: the client's offer and a candidate reach the professional's connection
            client.callForAck(CallPeers.offer(callId, host.getYourParticipantId(), CallPeers.OFFER));
            CallSignal offer = CallPeers.signal(pro);
            assertThat(offer.getFromParticipantId()).isEqualTo(clientId);
            assertThat(offer.getDescription().getSdp()).isEqualTo(CallPeers.OFFER);
            client.callForAck(CallPeers.candidate(callId, host.getYourParticipantId(), CallPeers.CANDIDATE));
            assertThat(CallPeers.signal(pro).getCandidate().getCandidate()).isEqualTo(CallPeers.CANDIDATE);

            // node B → node A: the answer reaches the client
            pro.callForAck(CallPeers.answer(callId, clientId, CallPeers.ANSWER));
            CallSignal answer = CallPeers.signal(client);
            assertThat(answer.getFromParticipantId()).isEqualTo(host.getYourParticipantId());
            assertThat(answer.getDescription().getSdp()).isEqualTo(CallPeers.ANSWER);

            pro.callForAck(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder().setCallId(callId)));
            CallPeers.update(client, CallChange.CALL_FINISHED, callId);
        }
    }
}
