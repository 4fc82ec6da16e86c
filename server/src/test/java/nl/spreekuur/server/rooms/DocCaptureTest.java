package nl.spreekuur.server.rooms;

import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.spreekuur.protocol.v1.*;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.Test;

/** Throwaway: prints the JSON frames used as examples in docs/protocol.md. */
class DocCaptureTest {
    static final JsonFormat.Printer P = JsonFormat.printer().omittingInsignificantWhitespace();

    static void show(String who, WsPeer peer, ClientMessage.Builder request) throws Exception {
        ServerMessage answer = peer.call(request);
        System.out.println("DOC " + who + " → " + P.print(request));
        for (ServerMessage m : peer.skipped()) {
            System.out.println("DOC " + who + " ← " + P.print(m));
        }
        System.out.println("DOC " + who + " ← " + P.print(answer));
    }

    static void pushes(String who, WsPeer peer) throws Exception {
        Thread.onSpinWait();
        for (ServerMessage m : peer.unclaimed()) {
            System.out.println("DOC " + who + " ← " + P.print(m));
        }
    }

    @Test
    void capture() throws Exception {
        try (ServicesTestServer server = ServicesTestServer.start()) {
            server.clock().set(Instant.parse("2026-11-23T14:03:00Z"));
            RoomWorld w = new RoomWorld(server, "demo");
            try (WsPeer anna = w.staff(TestWsClient.JSON, w.anna)) {
                show("anna", anna, ClientMessage.newBuilder().setRequestId("1").setSaveRoom(SaveRoom.newBuilder()
                        .setRoom(Room.newBuilder().setName("Mantelzorgers Noord").setDescription("Voor wie zorgt voor een naaste in Noord").addModeratorIds(w.anna.id()))));
                Room room = server.server().store().rooms().byOrganisation(w.org.id()).stream().findFirst()
                        .map(r -> RoomViews.room(r, 0)).orElseThrow();
                show("anna", anna, ClientMessage.newBuilder().setSaveRoom(SaveRoom.newBuilder()
                        .setRoom(Room.newBuilder().setName("").addModeratorIds(w.anna.id()))));
                show("anna", anna, ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                        .setRoomId(room.getId()).setLabel("poster buurthuis").setMaxUses(50)
                        .setExpiresAt(ProtoTime.of(Instant.parse("2026-12-31T23:00:00Z")))));
                RoomInvite invite = server.server().store().rooms().invites(room.getId()).stream().findFirst()
                        .map(RoomViews::invite).orElseThrow();
                show("anna", anna, ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                        .setRoomId(room.getId()).setSingleUse(true)));
                System.out.println("DOC GET /api/public/invites/" + invite.getCode() + " → " + server.get("/api/public/invites/" + invite.getCode()));
                System.out.println("DOC POST join Moderator → " + w.joinAnswer(invite.getCode(), "Moderator Jan"));
                var joinAnswer = w.joinAnswer(invite.getCode(), "Els");
                System.out.println("DOC POST join Els → " + joinAnswer);
                System.out.println("DOC POST join unknown → " + w.joinAnswer("no-such-code", "Els"));
                RoomWorld.Joined els = new RoomWorld.Joined((String) joinAnswer.json().get("token"), (String) joinAnswer.json().get("principalId"), (String) joinAnswer.json().get("participantId"), room.getId(), room.getConversationId());
                show("anna", anna, ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setConversationId(room.getConversationId())));
                TestWsClient raw = TestWsClient.connect(server.server().wsUri(), TestWsClient.JSON);
                HelloOk ok = raw.hello(els.token());
                System.out.println("DOC els ← " + P.print(ServerMessage.newBuilder().setRequestId("h").setHelloOk(ok)));
                raw.close();
                try (WsPeer member = w.connect(TestWsClient.JSON, els)) {
                    show("els", member, ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setConversationId(room.getConversationId())));
                    Thread.sleep(300);
                    pushes("els", member);
                    show("els", member, ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c1").setText("Hoi allemaal")));
                    show("els", member, ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c1b").setText("Dank je, Anna").setReplyToSeq(3).addMentionedParticipantIds(anna.call(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setConversationId(room.getConversationId()))).getSubscribeResult().getYourParticipantId())));
                    show("els", member, ClientMessage.newBuilder().setEditMessage(EditMessage.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c1c").setSeq(3).setText("Hoi allemaal!")));
                    show("els", member, ClientMessage.newBuilder().setReact(React.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c1d").setSeq(3).setEmoji("❤️")));
                    show("els", member, ClientMessage.newBuilder().setReact(React.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c1e").setSeq(3).setEmoji("🤡")));
                    show("anna", anna, ClientMessage.newBuilder().setPinMessage(PinMessage.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("a1").setSeq(3)));
                    show("els", member, ClientMessage.newBuilder().setDeleteMessage(DeleteMessage.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c1f").setSeq(3)));
                    show("els", member, ClientMessage.newBuilder().setEditMessage(EditMessage.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c1g").setSeq(3).setText("nog eens")));
                    show("anna", anna, ClientMessage.newBuilder().setListRoomMembers(ListRoomMembers.newBuilder().setRoomId(room.getId())));
                    show("anna", anna, ClientMessage.newBuilder().setSetRoomState(SetRoomState.newBuilder().setRoomId(room.getId()).setState(RoomState.ROOM_PAUSED).setReason("nachtrust")));
                    Thread.sleep(300);
                    pushes("els", member);
                    show("els", member, ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(room.getConversationId()).setClientMsgId("c2").setText("Nog iemand wakker?")));
                    show("els", member, ClientMessage.newBuilder().setSetRoomState(SetRoomState.newBuilder().setRoomId(room.getId()).setState(RoomState.ROOM_OPEN).setReason("x")));
                    show("anna", anna, ClientMessage.newBuilder().setSetRoomState(SetRoomState.newBuilder().setRoomId(room.getId()).setState(RoomState.ROOM_OPEN).setReason("ochtend")));
                    show("anna", anna, ClientMessage.newBuilder().setRemoveMember(RemoveMember.newBuilder().setRoomId(room.getId()).setParticipantId(els.participantId()).setReason("herhaald grensoverschrijdend")));
                    Thread.sleep(300);
                    pushes("els", member);
                }
                show("anna", anna, ClientMessage.newBuilder().setGetModerationLog(GetModerationLog.newBuilder().setRoomId(room.getId())));
                show("anna", anna, ClientMessage.newBuilder().setListInvites(ListInvites.newBuilder().setRoomId(room.getId())));
                show("anna", anna, ClientMessage.newBuilder().setListRooms(ListRooms.getDefaultInstance()));
                pushes("anna", anna);
                var fien = w.join(invite.getCode(), "Fien");
                try (WsPeer m2 = w.connect(TestWsClient.JSON, fien)) {
                    show("fien", m2, ClientMessage.newBuilder().setGetRoom(GetRoom.newBuilder().setRoomId(room.getId())));
                    show("fien", m2, ClientMessage.newBuilder().setLeaveRoom(LeaveRoom.newBuilder().setRoomId(room.getId())));
                    Thread.sleep(300);
                    pushes("fien", m2);
                }
            }
        }
    }
}
