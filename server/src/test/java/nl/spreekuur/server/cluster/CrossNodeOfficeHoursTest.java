package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.Supervise;
import nl.spreekuur.protocol.v1.TransferChat;
import nl.spreekuur.protocol.v1.WatchQueue;
import nl.spreekuur.server.store.Accounts.Account;
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
 * An office-hour chat over three nodes: the client on node A, picked up by Anna on node B, transferred to Bram on
 * node C, read along by a supervisor on node A; everyone receives every event of the chat once and in order.
 */
class CrossNodeOfficeHoursTest {
    private ServicesCluster cluster;

    @BeforeEach
    void start() {
        cluster = ServicesCluster.start(3);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void transferToAProfessionalOnNodeCAndSupervisionFromNodeA() throws Exception {
        ServicesTestServer a = cluster.node(0);
        ServicesTestServer b = cluster.node(1);
        ServicesTestServer c = cluster.node(2);
        Organisation org = a.organisation("demo");
        Account anna = a.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        Account bram = a.staff(org, "bram", "Bram Bakker", Role.PROFESSIONAL);
        a.staff(org, "sara", "Sara Smit", Role.SUPERVISOR);
        OfficeHour officeHour = a.alwaysOpenOfficeHour(org, "inloop", anna, bram);
        try (WsPeer client = a.connect(TestWsClient.JSON, a.anonymous(org));
             WsPeer annaPeer = b.connect(TestWsClient.PROTO, b.login(org, "anna"));
             WsPeer bramPeer = c.connect(TestWsClient.JSON, c.login(org, "bram"));
             WsPeer sara = a.connect(TestWsClient.PROTO, a.login(org, "sara"))) {
            for (WsPeer pro : new WsPeer[] {annaPeer, bramPeer}) {
                pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                        SetDuty.newBuilder().setOfficeHourId(officeHour.getId()).setOnDuty(true)));
            }
            String chat = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(officeHour.getId()).setNickname("Sam").setUseConsentDefault(true)))
                    .getJoinQueueResult().getStatus().getConversationId();
            Delivered atClient = new Delivered(client, chat);
            atClient.upTo(client.subscribe(chat, 0, "").getLastSeq());
            assertThat(annaPeer.call(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                    .setOfficeHourId(officeHour.getId()))).getChatAssigned().getConversationId()).isEqualTo(chat);
            Delivered atAnna = new Delivered(annaPeer, chat);
            atAnna.upTo(annaPeer.subscribe(chat, 0, "").getLastSeq());
            MessageAck first = annaPeer.sendText(chat, "a-1", "Hallo Sam, ik ben Anna.");
            atClient.upTo(first.getSeq());

            // a supervisor on node A reads along; the client is told
            sara.callForAck(ClientMessage.newBuilder().setWatchQueue(
                    WatchQueue.newBuilder().setOfficeHourId(officeHour.getId()).setWatch(true)));
            sara.callForAck(ClientMessage.newBuilder().setSupervise(Supervise.newBuilder().setConversationId(chat)));
            Delivered atSara = new Delivered(sara, chat);
            atSara.upTo(sara.subscribe(chat, 0, "").getLastSeq());
            ConversationEvent supervisorJoined = atClient.next();
            assertThat(supervisorJoined.getJoined().getParticipant().getRole())
                    .isEqualTo(ParticipantRole.SUPERVISOR);

            // Anna on node B hands the chat to Bram on node C
            annaPeer.callForAck(ClientMessage.newBuilder().setTransferChat(TransferChat.newBuilder()
                    .setConversationId(chat).setToProfessionalId(bram.id()).setNote("Graag verder met Sam.")));
            ChatAssigned assigned = bramPeer.await("the chat, on node C", ServerMessage::hasChatAssigned)
                    .getChatAssigned();
            assertThat(assigned.getConversationId()).isEqualTo(chat);
            Delivered atBram = new Delivered(bramPeer, chat);
            atBram.upTo(bramPeer.subscribe(chat, 0, "").getLastSeq());
            assertThat(atBram.texts()).contains("Hallo Sam, ik ben Anna.");

            MessageAck fromBram = bramPeer.sendText(chat, "b-1", "Hallo Sam, Bram hier.");
            MessageAck fromClient = client.sendText(chat, "c-1", "Dag Bram.");
            long last = Math.max(fromBram.getSeq(), fromClient.getSeq());
            atClient.upTo(last);
            atBram.upTo(last);
            atSara.upTo(last);
            assertThat(atClient.texts()).endsWith("Hallo Sam, Bram hier.", "Dag Bram.");
            assertThat(atSara.texts()).endsWith("Hallo Sam, Bram hier.", "Dag Bram.");
            assertThat(atClient.events()).anySatisfy(e -> assertThat(e.hasTransferred()).isTrue());
            atClient.assertNothingMore();
            atSara.assertNothingMore();
            atBram.assertNothingMore();
        }
    }
}
