package nl.spreekuur.server.calls;

import static nl.spreekuur.server.calls.CallPeers.OFFER;
import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallEndReason;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.CallState;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.CreateInvite;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.LeaveCall;
import nl.spreekuur.protocol.v1.RemoveFromCall;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SaveRoom;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * The online meeting of a group room over real WebSockets, in both encodings: a moderator starts it, members join
 * and leave freely, the mesh limit refuses one more, a removed member is cut off from signalling and cannot rejoin,
 * and the meeting ends when the last one leaves.
 */
class RoomMeetingWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("calls.max-participants", "3"));

    private record Member(WsPeer peer, String participantId) {
    }

    @SuppressWarnings("unchecked")
    private Member member(String encoding, String code, String nickname, String conversationId) throws Exception {
        ServicesTestServer.HttpAnswer joined = server.post("/api/rooms/join",
                Json.write(Map.of("code", code, "nickname", nickname, "acceptHouseRules", true)));
        assertThat(joined.status()).as("join: %s", joined).isEqualTo(200);
        WsPeer peer = server.connect(encoding, (String) joined.json().get("token"));
        peer.subscribe(conversationId, 0, "");
        return new Member(peer, (String) joined.json().get("participantId"));
    }

    @BothEncodings
    void membersJoinAMeetingUpToTheMeshLimitAndARemovedMemberIsCutOff(String encoding) throws Exception {
        Organisation org = server.organisation("demo");
        Account anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        List<WsPeer> open = new ArrayList<>();
        try (WsPeer moderator = server.connect(encoding, server.login(org, "anna"))) {
            Room room = moderator.call(ClientMessage.newBuilder().setSaveRoom(SaveRoom.newBuilder().setRoom(
                    Room.newBuilder().setName("Mantelzorgers").addModeratorIds(anna.id())))).getRoom();
            String conversationId = room.getConversationId();
            String code = moderator.call(ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                    .setRoomId(room.getId()))).getRoomInvite().getCode();
            moderator.subscribe(conversationId, 0, "");
            Member els = member(encoding, code, "Els", conversationId);
            Member piet = member(otherEncoding(encoding), code, "Piet", conversationId);
            Member joop = member(encoding, code, "Joop", conversationId);
            open.addAll(List.of(els.peer(), piet.peer(), joop.peer()));

            assertThat(els.peer().callForError(CallPeers.startRequest(conversationId)))
                    .as("only a moderator starts the meeting").isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(els.peer().callForError(CallPeers.joinRequest(conversationId)))
                    .as("no meeting yet").isEqualTo(ErrorCode.NOT_FOUND);
            CallSession started = CallPeers.start(moderator, conversationId);
            String callId = started.getCall().getCallId();
            assertThat(started.getCall().getMode()).isEqualTo(CallMode.CALL_MEETING);
            assertThat(started.getCall().getState()).isEqualTo(CallState.CALL_STATE_ACTIVE);
            CallPeers.update(els.peer(), CallChange.CALL_STARTED);

            CallSession elsIn = CallPeers.join(els.peer(), conversationId);
            assertThat(elsIn.getCall().getParticipantsList()).filteredOn(p -> p.getParticipantId()
                    .equals(els.participantId())).singleElement()
                    .satisfies(p -> assertThat(p.getState()).isEqualTo(CallParticipantState.CALL_ADMITTED));
            CallPeers.join(piet.peer(), conversationId);
            ServerMessage full = joop.peer().call(CallPeers.joinRequest(conversationId));
            assertThat(full.getError().getCode()).isEqualTo(ErrorCode.LIMIT_REACHED);
            assertThat(full.getError().getMessage()).isEqualTo("the call is full (at most 3 participants)");

            // every pair can signal
            els.peer().callForAck(CallPeers.offer(callId, piet.participantId(), OFFER));
            assertThat(CallPeers.signal(piet.peer()).getFromParticipantId()).isEqualTo(els.participantId());
            piet.peer().callForAck(CallPeers.offer(callId, started.getYourParticipantId(), OFFER));
            assertThat(CallPeers.signal(moderator).getFromParticipantId()).isEqualTo(piet.participantId());

            // the moderator removes Piet: cut off at once, and the place is free again
            assertThat(els.peer().callForError(ClientMessage.newBuilder().setRemoveFromCall(RemoveFromCall
                    .newBuilder().setCallId(callId).setParticipantId(piet.participantId()))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            moderator.callForAck(ClientMessage.newBuilder().setRemoveFromCall(RemoveFromCall.newBuilder()
                    .setCallId(callId).setParticipantId(piet.participantId())));
            assertThat(CallPeers.update(piet.peer(), CallChange.PARTICIPANT_REMOVED).getParticipantId())
                    .isEqualTo(piet.participantId());
            assertThat(piet.peer().callForError(CallPeers.offer(callId, els.participantId(), OFFER)))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(els.peer().callForError(CallPeers.offer(callId, piet.participantId(), OFFER)))
                    .as("nothing is relayed to a removed participant").isEqualTo(ErrorCode.NOT_FOUND);
            ServerMessage again = piet.peer().call(CallPeers.joinRequest(conversationId));
            assertThat(again.getError().getMessage()).isEqualTo("removed from this call");
            CallPeers.join(joop.peer(), conversationId);
            assertThat(piet.peer().skipped()).noneMatch(ServerMessage::hasCallSignal);

            // everyone leaves: the meeting ends
            for (WsPeer p : List.of(moderator, els.peer(), joop.peer())) {
                p.callForAck(ClientMessage.newBuilder().setLeaveCall(LeaveCall.newBuilder().setCallId(callId)));
            }
            assertThat(CallPeers.update(els.peer(), CallChange.CALL_FINISHED).getCall().getEndReason())
                    .isEqualTo(CallEndReason.CALL_END_EVERYONE_LEFT);
            // effect facts: a meeting held, four took part (the removed one too), no device reported a connection
            assertThat(CallEffectFactsTest.videoFacts(server, org.id())).containsExactlyInAnyOrder(
                    tuple(Effects.CALL_HELD_MEETING, 0L),
                    tuple(Effects.MEETING_PARTICIPANTS, 4L),
                    tuple(Effects.CALL_NOT_CONNECTED, 1L));
        } finally {
            open.forEach(WsPeer::close);
        }
    }
}
