package nl.spreekuur.server.rooms;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.AnswerKnock;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.AcceptHouseRules;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.GetModerationLog;
import nl.spreekuur.protocol.v1.GetMyKnock;
import nl.spreekuur.protocol.v1.GetRoomSafety;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.protocol.v1.SaveRoomSafety;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.Knock;
import nl.spreekuur.protocol.v1.KnockLink;
import nl.spreekuur.protocol.v1.KnockState;
import nl.spreekuur.protocol.v1.ListKnocks;
import nl.spreekuur.protocol.v1.ListRoomMembers;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ModerationEntry;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomMember;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetKnockLink;
import nl.spreekuur.protocol.v1.SetRoomState;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Knocking on a closed group over real WebSockets, in both encodings: the knock link, knocking with a nickname,
 * moderators seeing knocks live, approving (the person becomes a member and sees history from their join) and
 * refusing (the credential stops working), the two-moderators race, and the authorisation negatives.
 */
class RoomKnockWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    /** What POST /api/rooms/knock answered. */
    record Knocked(String token, String principalId, String knockId) {
    }

    static ClientMessage.Builder setLink(String roomId, boolean enabled) {
        return ClientMessage.newBuilder().setSetKnockLink(SetKnockLink.newBuilder().setRoomId(roomId)
                .setEnabled(enabled));
    }

    static ClientMessage.Builder answer(String knockId, boolean approve) {
        return ClientMessage.newBuilder().setAnswerKnock(AnswerKnock.newBuilder().setKnockId(knockId)
                .setApprove(approve));
    }

    static ServicesTestServer.HttpAnswer knockAnswer(ServicesTestServer server, String code, String nickname)
            throws Exception {
        return server.post("/api/rooms/knock", Json.write(Map.of("code", code, "nickname", nickname)));
    }

    static Knocked knock(ServicesTestServer server, String code, String nickname) throws Exception {
        ServicesTestServer.HttpAnswer answer = knockAnswer(server, code, nickname);
        assertThat(answer.status()).as("knock answered %s", answer).isEqualTo(200);
        Map<String, Object> json = answer.json();
        return new Knocked((String) json.get("token"), (String) json.get("principalId"),
                (String) json.get("knockId"));
    }

    static KnockLink link(WsPeer moderator, String roomId) throws InterruptedException {
        ServerMessage answer = moderator.call(setLink(roomId, true));
        assertThat(answer.hasKnockLink()).as("KnockLink, got %s", answer).isTrue();
        return answer.getKnockLink();
    }

    @BothEncodings
    void aPersonKnocksTheModeratorSeesItLiveApprovesAndTheNewMemberReadsFromTheirJoin(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders Zuid", w.anna.id())
                    .setHistoryVisibility(HistoryVisibility.FROM_JOIN));
            anna.subscribe(room.getConversationId(), 0, "");
            anna.sendText(room.getConversationId(), "a-1", "Van voor de nieuwe leden");
            KnockLink link = link(anna, room.getId());
            assertThat(link.getCode()).hasSize(22);

            ServicesTestServer.HttpAnswer preview = server.get("/api/public/knock/" + link.getCode());
            assertThat(preview.status()).isEqualTo(200);
            assertThat(preview.json()).containsEntry("roomName", "Ouders Zuid")
                    .containsEntry("houseRules", RoomSafetyTexts.DEFAULT_HOUSE_RULES);

            Knocked els = knock(server, link.getCode(), "  Els ");
            Knock seen = anna.await("the knock, live", m -> m.hasKnock()
                    && m.getKnock().getState() == KnockState.KNOCK_PENDING).getKnock();
            assertThat(seen.getNickname()).isEqualTo("Els");
            assertThat(seen.getId()).isEqualTo(els.knockId());
            assertThat(anna.call(ClientMessage.newBuilder().setListKnocks(ListKnocks.newBuilder()
                    .setRoomId(room.getId()))).getKnockList().getKnocksList()).extracting(Knock::getNickname)
                    .containsExactly("Els");

            try (WsPeer knocker = server.connect(encoding, els.token())) {
                assertThat(knocker.helloOk().getActiveList()).as("nothing to resume yet").isEmpty();
                assertThat(knocker.call(ClientMessage.newBuilder().setGetMyKnock(GetMyKnock.getDefaultInstance()))
                        .getKnock().getState()).isEqualTo(KnockState.KNOCK_PENDING);
                assertThat(knocker.callForError(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder()
                        .setConversationId(room.getConversationId())))).as("not a member yet")
                        .isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(knocker.callForError(ClientMessage.newBuilder().setListKnocks(ListKnocks.newBuilder()
                        .setRoomId(room.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(knocker.callForError(answer(els.knockId(), true))).as("no approving yourself")
                        .isEqualTo(ErrorCode.NOT_FOUND);

                Knock approved = anna.call(answer(els.knockId(), true)).getKnock();
                assertThat(approved.getState()).isEqualTo(KnockState.KNOCK_APPROVED);
                assertThat(approved.getDecidedByName()).isEqualTo("Anna de Vries");

                Knock told = knocker.await("the approval", m -> m.hasKnock()).getKnock();
                assertThat(told.getState()).isEqualTo(KnockState.KNOCK_APPROVED);
                assertThat(told.getConversationId()).isEqualTo(room.getConversationId());
                assertThat(told.getDecidedByName()).as("the member is not told who decided").isEmpty();

                SubscribeResult sub = knocker.subscribe(room.getConversationId(), 0, "");
                assertThat(sub.getYourRole()).isEqualTo(ParticipantRole.MEMBER);
                assertThat(sub.getYourParticipantId()).isEqualTo(told.getParticipantId());
                List<ConversationEvent> history = knocker.call(ClientMessage.newBuilder().setGetHistory(
                        GetHistory.newBuilder().setConversationId(room.getConversationId()))).getHistory()
                        .getEventsList();
                assertThat(history).as("history only from their join").noneMatch(ConversationEvent::hasText);
                // like every member, they accept the house rules before their first message (in the room's gate)
                assertThat(knocker.callForError(ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                        .setConversationId(room.getConversationId()).setClientMsgId("e-0").setText("Hoi"))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                knocker.callForAck(ClientMessage.newBuilder().setAcceptHouseRules(AcceptHouseRules.newBuilder()
                        .setRoomId(room.getId())));
                knocker.sendText(room.getConversationId(), "e-1", "Dank jullie wel");
                assertThat(anna.await("the new member's message", m -> m.hasEvent() && m.getEvent().hasText()
                        && m.getEvent().getSenderName().equals("Els")).getEvent().getSenderRole())
                        .isEqualTo(ParticipantRole.MEMBER);
            }
            assertThat(anna.callForError(answer(els.knockId(), false))).as("already answered")
                    .isEqualTo(ErrorCode.CONFLICT);
            RoomMember member = anna.call(ClientMessage.newBuilder().setListRoomMembers(ListRoomMembers.newBuilder()
                    .setRoomId(room.getId()))).getRoomMemberList().getMembers(0);
            assertThat(member.getNickname()).isEqualTo("Els");
            assertThat(member.getInviteId()).as("joined by knocking").isEmpty();
            assertThat(anna.call(ClientMessage.newBuilder().setGetModerationLog(GetModerationLog.newBuilder()
                    .setRoomId(room.getId()))).getModerationLog().getEntriesList())
                    .extracting(ModerationEntry::getAction).containsExactly(ModerationAction.APPROVE_KNOCK);
            assertThat(anna.call(ClientMessage.newBuilder().setListKnocks(ListKnocks.newBuilder()
                    .setRoomId(room.getId()))).getKnockList().getKnocksList()).isEmpty();
        }
    }

    /**
     * The knock page shows the room's house rules (the room's own here) and the person accepts them while knocking:
     * once approved, the room's gate does not ask again and the first message goes through.
     */
    @BothEncodings
    void houseRulesAcceptedWhileKnockingCarryOverToTheMembership(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders Noord", w.anna.id()));
            anna.call(ClientMessage.newBuilder().setSaveRoomSafety(SaveRoomSafety.newBuilder().setSafety(
                    RoomSafety.newBuilder().setRoomId(room.getId()).setHouseRules("Wees lief voor elkaar."))));
            KnockLink link = link(anna, room.getId());
            assertThat(server.get("/api/public/knock/" + link.getCode()).json())
                    .containsEntry("houseRules", "Wees lief voor elkaar.");
            ServicesTestServer.HttpAnswer answer = server.post("/api/rooms/knock", Json.write(Map.of("code",
                    link.getCode(), "nickname", "Hanna", "acceptHouseRules", true)));
            assertThat(answer.status()).isEqualTo(200);
            String token = (String) answer.json().get("token");
            anna.call(answer((String) answer.json().get("knockId"), true));
            try (WsPeer member = server.connect(encoding, token)) {
                assertThat(member.call(ClientMessage.newBuilder().setGetRoomSafety(GetRoomSafety.newBuilder()
                        .setRoomId(room.getId()))).getRoomSafety().getHouseRulesAccepted()).isTrue();
                member.subscribe(room.getConversationId(), 0, "");
                assertThat(member.sendText(room.getConversationId(), "h-1", "Hallo allemaal").getSeq())
                        .as("no house rules gate").isPositive();
            }
        }
    }

    @BothEncodings
    void aRefusedPersonIsToldAndTheirCredentialStopsWorking(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Jonge mantelzorgers", w.anna.id()));
            KnockLink link = link(anna, room.getId());
            Knocked fien = knock(server, link.getCode(), "Fien");
            try (WsPeer knocker = server.connect(otherEncoding(encoding), fien.token())) {
                assertThat(anna.call(answer(fien.knockId(), false)).getKnock().getState())
                        .isEqualTo(KnockState.KNOCK_REFUSED);
                assertThat(knocker.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
                assertThat(knocker.unclaimed()).as("told before the socket closed").anyMatch(m -> m.hasKnock()
                        && m.getKnock().getState() == KnockState.KNOCK_REFUSED);
            }
            w.assertRefused(encoding, fien.token());
            assertThat(server.server().store().rooms().memberCount(room.getId())).isZero();
            assertThat(anna.callForError(answer(fien.knockId(), true))).isEqualTo(ErrorCode.CONFLICT);
        }
    }

    @BothEncodings
    void theKnockLinkCanBeTurnedOffAndRenewedAndBadKnocksStoreNothing(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Dicht", w.anna.id()).setMemberLimit(1));
            KnockLink first = link(anna, room.getId());
            KnockLink second = link(anna, room.getId());
            assertThat(second.getCode()).isNotEqualTo(first.getCode());
            assertThat(server.get("/api/public/knock/" + first.getCode()).status()).as("renewed").isEqualTo(404);
            assertThat(knockAnswer(server, first.getCode(), "Els").status()).isEqualTo(404);
            assertThat(knockAnswer(server, second.getCode(), "Moderator Jan").status()).isEqualTo(400);
            assertThat(knockAnswer(server, second.getCode(), "\u200b").status()).isEqualTo(400);
            assertThat(anna.call(ClientMessage.newBuilder().setListKnocks(ListKnocks.newBuilder()
                    .setRoomId(room.getId()))).getKnockList().getKnocksList()).isEmpty();

            Knocked els = knock(server, second.getCode(), "Els");
            Knocked fien = knock(server, second.getCode(), "Fien");
            anna.call(answer(els.knockId(), true));
            assertThat(anna.callForError(answer(fien.knockId(), true))).as("the room is full")
                    .isEqualTo(ErrorCode.LIMIT_REACHED);
            assertThat(knockAnswer(server, second.getCode(), "Gijs").status()).isEqualTo(409);

            anna.callForAck(ClientMessage.newBuilder().setSetRoomState(SetRoomState.newBuilder()
                    .setRoomId(room.getId()).setState(RoomState.ROOM_CLOSED).setReason("klaar")));
            assertThat(knockAnswer(server, second.getCode(), "Gijs").status()).isEqualTo(409);

            KnockLink off = anna.call(setLink(room.getId(), false)).getKnockLink();
            assertThat(off.getCode()).isEmpty();
            assertThat(server.get("/api/public/knock/" + second.getCode()).status()).isEqualTo(404);
        }
    }

    @BothEncodings
    void whenTwoModeratorsApproveAtOnceExactlyOneDoes(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(otherEncoding(encoding), w.bram)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Samen", w.anna.id(), w.bram.id()));
            KnockLink link = link(anna, room.getId());
            for (int round = 0; round < 5; round++) {
                Knocked k = knock(server, link.getCode(), "Lid " + round);
                String a = anna.sendWithoutWaiting(answer(k.knockId(), true));
                String b = bram.sendWithoutWaiting(answer(k.knockId(), round % 2 == 0));
                List<ServerMessage> answers = new ArrayList<>();
                answers.add(anna.await("anna's answer", m -> m.getRequestId().equals(a)));
                answers.add(bram.await("bram's answer", m -> m.getRequestId().equals(b)));
                assertThat(answers).filteredOn(ServerMessage::hasKnock).hasSize(1);
                assertThat(answers).filteredOn(m -> m.hasError() && m.getError().getCode() == ErrorCode.CONFLICT)
                        .hasSize(1);
            }
            int approved = anna.call(ClientMessage.newBuilder().setListRoomMembers(ListRoomMembers.newBuilder()
                    .setRoomId(room.getId()))).getRoomMemberList().getMembersCount();
            assertThat(server.server().store().conversations().participants(room.getConversationId()))
                    .filteredOn(p -> p.role() == ParticipantRole.MEMBER).hasSize(approved);
        }
    }

    @BothEncodings
    void nonModeratorsOtherOrganisationsOtherMembersAndAnonymousClientsCannotSeeOrAnswerKnocks(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(encoding, w.bram);
             WsPeer stranger = other.staff(encoding, other.anna);
             WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Besloten", w.anna.id()));
            Room second = RoomWorld.saved(anna, RoomWorld.room("Ander", w.anna.id()));
            KnockLink link = link(anna, room.getId());
            Knocked els = knock(server, link.getCode(), "Els");
            RoomWorld.Joined otherMember = w.join(RoomWorld.multiUseInvite(anna, second).getCode(), "Henk");
            try (WsPeer henk = w.connect(encoding, otherMember)) {
                ClientMessage.Builder list = ClientMessage.newBuilder().setListKnocks(ListKnocks.newBuilder()
                        .setRoomId(room.getId()));
                assertThat(bram.callForError(list)).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(bram.callForError(answer(els.knockId(), true))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(bram.callForError(setLink(room.getId(), true))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(stranger.callForError(list)).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(stranger.callForError(answer(els.knockId(), true))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(henk.callForError(list)).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(henk.callForError(answer(els.knockId(), true))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(henk.callForError(ClientMessage.newBuilder().setGetMyKnock(GetMyKnock.getDefaultInstance())))
                        .as("joined by invite, never knocked").isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(anonymous.callForError(list)).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(anonymous.callForError(answer(els.knockId(), true))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(anonymous.callForError(ClientMessage.newBuilder().setGetMyKnock(
                        GetMyKnock.getDefaultInstance()))).isEqualTo(ErrorCode.NOT_FOUND);
            }
            assertThat(server.server().store().roomPeople().knock(els.knockId()).orElseThrow().state())
                    .isEqualTo(KnockState.KNOCK_PENDING);
        }
    }
}
