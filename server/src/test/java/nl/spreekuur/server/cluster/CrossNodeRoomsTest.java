package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.CreateInvite;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.RemoveMember;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SaveRoom;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.session.CloseCodes;
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
 * A group room whose members are spread over three nodes (one PostgreSQL, one redis-server, {@code broker=redis}):
 * every message reaches every member on every node once and in order, and a removal made on one node cuts the
 * member off on another at once.
 */
class CrossNodeRoomsTest {
    private ServicesCluster cluster;
    private final List<ServicesTestServer> nodes = new ArrayList<>();
    private final List<WsPeer> peers = new ArrayList<>();

    @BeforeEach
    void startThreeNodes() {
        cluster = ServicesCluster.start(3);
        for (int i = 0; i < 3; i++) {
            nodes.add(cluster.node(i));
        }
    }

    @AfterEach
    void stop() {
        peers.forEach(WsPeer::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Member(WsPeer peer, String participantId, Delivered delivered) {
    }

    @SuppressWarnings("unchecked")
    private Member join(ServicesTestServer node, String code, String nickname, String conversationId)
            throws Exception {
        ServicesTestServer.HttpAnswer joined = node.post("/api/rooms/join",
                Json.write(Map.of("code", code, "nickname", nickname, "acceptHouseRules", true)));
        assertThat(joined.status()).as("join: %s", joined).isEqualTo(200);
        WsPeer peer = node.connect(TestWsClient.PROTO, (String) joined.json().get("token"));
        peers.add(peer);
        Delivered delivered = new Delivered(peer, conversationId);
        delivered.upTo(peer.subscribe(conversationId, 0, "").getLastSeq());
        return new Member(peer, (String) joined.json().get("participantId"), delivered);
    }

    @Test
    void membersOnThreeNodesGetEveryMessageOnceInOrderAndARemovalHoldsOnEveryNode() throws Exception {
        ServicesTestServer a = nodes.get(0);
        Organisation org = a.organisation("demo");
        Account anna = a.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        WsPeer moderator = a.connect(TestWsClient.JSON, a.login(org, "anna"));
        peers.add(moderator);
        Room room = moderator.call(ClientMessage.newBuilder().setSaveRoom(SaveRoom.newBuilder().setRoom(
                Room.newBuilder().setName("Mantelzorgers").addModeratorIds(anna.id())))).getRoom();
        String conversationId = room.getConversationId();
        String code = moderator.call(ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                .setRoomId(room.getId()))).getRoomInvite().getCode();

        List<Member> members = new ArrayList<>();
        String[] names = {"Els", "Piet", "Joop", "Ria", "Kees", "Fatima"};
        for (int i = 0; i < names.length; i++) {
            members.add(join(nodes.get(i % 3), code, names[i], conversationId));
        }
        Delivered atModerator = new Delivered(moderator, conversationId);
        atModerator.upTo(moderator.subscribe(conversationId, 0, "").getLastSeq());

        // every member writes twice, from its own node, interleaved
        long last = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < members.size(); i++) {
                MessageAck ack = members.get(i).peer().call(ClientMessage.newBuilder().setSendRoomMessage(
                        SendRoomMessage.newBuilder().setConversationId(conversationId)
                                .setClientMsgId("m-" + i + "-" + round).setText("bericht " + round + " van "
                                        + names[i]))).getMessageAck();
                last = Math.max(last, ack.getSeq());
            }
        }
        for (Member member : members) {
            member.delivered().upTo(last);
        }
        atModerator.upTo(last);
        List<String> seen = atModerator.events().stream().filter(ConversationEvent::hasRoomMessage)
                .map(e -> e.getRoomMessage().getText()).toList();
        assertThat(seen).hasSize(2 * names.length).contains("bericht 1 van Fatima", "bericht 0 van Els");
        for (Member member : members) {
            assertThat(member.delivered().events().stream().filter(ConversationEvent::hasRoomMessage)
                    .map(e -> e.getRoomMessage().getText()).toList())
                    .as("the same messages in the same order on every node").isEqualTo(seen);
            member.delivered().assertNothingMore();
        }

        // the moderator on node A removes Piet, who is on node B: his socket there closes, nobody else's does
        Member piet = members.get(1);
        moderator.callForAck(ClientMessage.newBuilder().setRemoveMember(RemoveMember.newBuilder()
                .setRoomId(room.getId()).setParticipantId(piet.participantId()).setReason("test")));
        assertThat(piet.peer().awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        MessageAck after = members.get(2).peer().call(ClientMessage.newBuilder().setSendRoomMessage(
                SendRoomMessage.newBuilder().setConversationId(conversationId).setClientMsgId("after")
                        .setText("nog iemand?"))).getMessageAck();
        for (Member member : members) {
            if (member != piet) {
                member.delivered().upTo(after.getSeq());
            }
        }
    }
}
