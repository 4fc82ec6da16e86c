package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ExportedMessage;
import nl.spreekuur.protocol.v1.ListRoomMembers;
import nl.spreekuur.protocol.v1.MemberData;
import nl.spreekuur.protocol.v1.MemberDataExport;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomMember;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A group member's data on request (privacy rights, {@code MemberData} of the privacy capability): the room's
 * moderator or an org-admin exports it (nickname, membership, their messages); erasing empties their messages' texts
 * in the stored conversation, replaces their nickname everywhere it is stored (members list, participant row, the
 * events that name them), ends the membership and revokes the credential. Another member's messages stay; a
 * professional who does not moderate the room is refused.
 */
class MemberDataErasureTest {
    private static final String MARKER = "mijn-moeder-9Zk";

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @Test
    void moderatorExportsThenOrgAdminErasesAMembersData() throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(TestWsClient.JSON, w.anna);
             WsPeer ada = w.staff(TestWsClient.PROTO, w.ada);
             WsPeer bram = w.staff(TestWsClient.PROTO, w.bram)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            String conv = room.getConversationId();
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els" + MARKER.substring(0, 3));
            RoomWorld.Joined kees = w.join(code, "Kees");
            try (WsPeer elsWs = w.connect(TestWsClient.PROTO, els);
                 WsPeer keesWs = w.connect(TestWsClient.PROTO, kees)) {
                elsWs.subscribe(conv, 0, "");
                keesWs.subscribe(conv, 0, "");
                send(elsWs, conv, "e-1", "Over " + MARKER);
                send(keesWs, conv, "k-1", "Sterkte!");
                send(elsWs, conv, "e-2", "Dank je");

                assertThat(bram.callForError(memberData(room, els, false))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(anna.callForError(ClientMessage.newBuilder().setMemberData(MemberData.newBuilder()
                        .setRoomId(room.getId()).setParticipantId("nobody")))).isEqualTo(ErrorCode.NOT_FOUND);

                MemberDataExport export = anna.call(memberData(room, els, false)).getMemberDataExport();
                assertThat(export.getNickname()).isEqualTo("Elsmij");
                assertThat(export.getMessagesList()).extracting(ExportedMessage::getText)
                        .containsExactly("Over " + MARKER, "Dank je");
                assertThat(export.getErased()).isFalse();

                MemberDataExport erased = ada.call(memberData(room, els, true)).getMemberDataExport();
                assertThat(erased.getErased()).isTrue();
                assertThat(erased.getMessagesCount()).isEqualTo(2);
                elsWs.awaitClose(java.time.Duration.ofSeconds(5));
            }
            w.assertRefused(TestWsClient.PROTO, els.token());

            List<ConversationEvent> stored = server.server().store().conversations().eventsAfter(conv, 0, 100);
            assertThat(stored.toString()).doesNotContain(MARKER).doesNotContain("Elsmij").doesNotContain("Dank je")
                    .contains("Sterkte!");
            assertThat(stored).filteredOn(e -> e.getSenderId().equals(els.participantId()))
                    .allSatisfy(e -> assertThat(e.getSenderName()).isEqualTo("voormalig lid"));
            assertThat(server.server().store().conversations().participants(conv))
                    .noneMatch(p -> p.displayName().contains("Elsmij"));

            List<RoomMember> members = anna.call(ClientMessage.newBuilder().setListRoomMembers(ListRoomMembers
                    .newBuilder().setRoomId(room.getId()).setIncludeFormer(true))).getRoomMemberList().getMembersList();
            assertThat(members).extracting(RoomMember::getNickname).containsExactlyInAnyOrder("voormalig lid", "Kees");
            MemberDataExport again = anna.call(memberData(room, els, false)).getMemberDataExport();
            assertThat(again.getMessagesList()).isEmpty();
            assertThat(again.getEndStatus()).isEqualTo("MEMBER_REMOVED");

            List<AuditLog.Entry> audit = server.server().store().audit().list(w.org.id(), Instant.EPOCH,
                    server.clock().instant().plusSeconds(1));
            assertThat(audit).extracting(AuditLog.Entry::action).contains("privacy.member_export",
                    "privacy.member_erase");
            assertThat(audit).filteredOn(e -> e.action().startsWith("privacy.member"))
                    .allSatisfy(e -> assertThat(e.onBehalfOf()).isEqualTo(els.principalId()));
        }
    }

    private static void send(WsPeer peer, String conv, String id, String text) throws InterruptedException {
        assertThat(peer.call(ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder()
                .setConversationId(conv).setClientMsgId(id).setText(text))).hasMessageAck()).isTrue();
    }

    private static ClientMessage.Builder memberData(Room room, RoomWorld.Joined member, boolean erase) {
        return ClientMessage.newBuilder().setMemberData(MemberData.newBuilder().setRoomId(room.getId())
                .setParticipantId(member.participantId()).setErase(erase));
    }
}
