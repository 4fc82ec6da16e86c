package nl.spreekuur.server.rooms;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.CreateInvite;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.GetModerationLog;
import nl.spreekuur.protocol.v1.GetRoom;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.LeaveRoom;
import nl.spreekuur.protocol.v1.ListInvites;
import nl.spreekuur.protocol.v1.ListRoomMembers;
import nl.spreekuur.protocol.v1.ListRooms;
import nl.spreekuur.protocol.v1.MemberStatus;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ModerationEntry;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.protocol.v1.RemoveMember;
import nl.spreekuur.protocol.v1.RevokeInvite;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomInvite;
import nl.spreekuur.protocol.v1.RoomMember;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SetRoomState;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Group rooms over real WebSockets, in both encodings (and the two encodings talking to each other): creating and
 * editing rooms, invites and joining by code, chatting through the room's conversation, leaving and removal, pause
 * and close, the history rule, and every authorisation negative.
 */
class RoomsWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void aProfessionalCreatesAndEditsARoomWithDefaultsAndOnlyValidDefinitions(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(otherEncoding(encoding), w.bram);
             WsPeer ada = w.staff(encoding, w.ada)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers Noord", w.anna.id()));
            assertThat(room.getId()).isNotEmpty();
            assertThat(room.getOrganisationId()).isEqualTo(w.org.id());
            assertThat(room.getMemberLimit()).isEqualTo(200);
            assertThat(room.getHistoryVisibility()).isEqualTo(HistoryVisibility.FULL_HISTORY);
            assertThat(room.getRetentionDays()).isZero();
            assertThat(room.getState()).isEqualTo(RoomState.ROOM_OPEN);
            assertThat(server.server().store().conversations().byId(room.getConversationId()).orElseThrow().kind())
                    .isEqualTo(ConversationKind.GROUP_ROOM);

            // refused definitions store nothing
            assertThat(anna.callForError(RoomWorld.save(RoomWorld.room("", w.anna.id()))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(RoomWorld.save(RoomWorld.room("Groot", w.anna.id()).setMemberLimit(2001))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(RoomWorld.save(RoomWorld.room("Beheer", w.ada.id()))))
                    .as("an org-admin without the professional role cannot moderate").isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(RoomWorld.save(RoomWorld.room("Van Bram", w.bram.id()))))
                    .as("a professional must moderate the room they create").isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(RoomWorld.save(RoomWorld.room("Nergens", w.anna.id(), "no-such-account"))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(server.server().store().rooms().byOrganisation(w.org.id())).hasSize(1);

            // bram moderates nothing: he cannot edit it and does not list it; the org-admin does both
            assertThat(bram.callForError(RoomWorld.save(room.toBuilder().setName("Overgenomen"))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(bram.call(listRooms()).getRoomList().getRoomsList()).isEmpty();
            Room edited = RoomWorld.saved(ada, room.toBuilder().setName("Mantelzorgers Noord-Oost")
                    .addModeratorIds(w.bram.id()).setHistoryVisibility(HistoryVisibility.FROM_JOIN)
                    .setMemberLimit(40).setRetentionDays(30));
            assertThat(edited.getName()).isEqualTo("Mantelzorgers Noord-Oost");
            assertThat(edited.getModeratorIdsList()).containsExactlyInAnyOrder(w.anna.id(), w.bram.id());
            assertThat(edited.getMemberLimit()).isEqualTo(40);
            assertThat(edited.getRetentionDays()).isEqualTo(30);
            assertThat(bram.call(listRooms()).getRoomList().getRoomsList()).extracting(Room::getId)
                    .containsExactly(room.getId());
            assertThat(ada.call(listRooms()).getRoomList().getRoomsList()).extracting(Room::getName)
                    .containsExactly("Mantelzorgers Noord-Oost");
            // the new moderator is in the room's conversation, as moderator
            SubscribeResult sub = bram.subscribe(room.getConversationId(), 0, "");
            assertThat(sub.getYourRole()).isEqualTo(ParticipantRole.MODERATOR);
            assertThat(sub.getRoomId()).isEqualTo(room.getId());
        }
    }

    @BothEncodings
    void aMemberJoinsByInviteWithANicknameChatsWithTheModeratorAndLeaves(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers Noord", w.anna.id()));
            RoomInvite invite = RoomWorld.multiUseInvite(anna, room);
            assertThat(invite.getCode()).hasSize(22);

            ServicesTestServer.HttpAnswer preview = server.get("/api/public/invites/" + invite.getCode());
            assertThat(preview.status()).isEqualTo(200);
            assertThat(preview.json()).containsEntry("roomName", "Mantelzorgers Noord");

            RoomWorld.Joined els = w.join(invite.getCode(), "  Els  ");
            assertThat(els.roomId()).isEqualTo(room.getId());
            assertThat(els.conversationId()).isEqualTo(room.getConversationId());
            anna.subscribe(room.getConversationId(), 0, "");
            try (WsPeer member = w.connect(encoding, els)) {
                assertThat(member.helloOk().getKind()).isEqualTo(PrincipalKind.ROOM_MEMBER);
                assertThat(member.helloOk().getActiveList()).extracting(ActiveItem::getRoomId, ActiveItem::getKind)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(room.getId(), ConversationKind.GROUP_ROOM));
                SubscribeResult sub = member.subscribe(room.getConversationId(), 0, "");
                assertThat(sub.getYourRole()).isEqualTo(ParticipantRole.MEMBER);
                assertThat(sub.getRoomId()).isEqualTo(room.getId());
                assertThat(sub.getParticipantsList()).extracting(p -> p.getDisplayName())
                        .containsExactly("Anna de Vries", "Els");
                assertThat(member.call(ClientMessage.newBuilder().setGetRoom(GetRoom.newBuilder()
                        .setRoomId(room.getId()))).getRoom().getModeratorIdsList())
                        .as("a member does not see account ids").isEmpty();

                member.sendText(room.getConversationId(), "m-1", "Hoi allemaal");
                ConversationEvent atAnna = anna.await("Els's message", m -> m.hasEvent() && m.getEvent().hasText())
                        .getEvent();
                assertThat(atAnna.getSenderName()).isEqualTo("Els");
                assertThat(atAnna.getSenderRole()).isEqualTo(ParticipantRole.MEMBER);
                anna.sendText(room.getConversationId(), "a-1", "Welkom Els");
                assertThat(member.await("Anna's answer", m -> m.hasEvent() && m.getEvent().hasText()
                        && m.getEvent().getText().getText().equals("Welkom Els")).getEvent().getSenderRole())
                        .isEqualTo(ParticipantRole.MODERATOR);

                RoomMember listed = anna.call(ClientMessage.newBuilder().setListRoomMembers(
                        ListRoomMembers.newBuilder().setRoomId(room.getId()))).getRoomMemberList().getMembers(0);
                assertThat(listed.getNickname()).isEqualTo("Els");
                assertThat(listed.getInviteId()).isEqualTo(invite.getId());
                assertThat(listed.getParticipantId()).isEqualTo(els.participantId());
                assertThat(anna.call(ClientMessage.newBuilder().setListInvites(ListInvites.newBuilder()
                        .setRoomId(room.getId()))).getInviteList().getInvites(0).getUses()).isEqualTo(1);

                member.callForAck(ClientMessage.newBuilder().setLeaveRoom(LeaveRoom.newBuilder()
                        .setRoomId(room.getId())));
                assertThat(member.awaitClose()).isEqualTo(new TestWsClient.CloseStatus(CloseCodes.NORMAL,
                        "left room"));
            }
            ConversationEvent left = anna.await("Els left", m -> m.hasEvent() && m.getEvent().hasLeft()).getEvent();
            assertThat(left.getLeft().getLeaveReason()).isEqualTo(LeaveReason.LEFT_VOLUNTARILY);
            w.assertRefused(encoding, els.token());
            assertThat(anna.call(ClientMessage.newBuilder().setListRoomMembers(ListRoomMembers.newBuilder()
                    .setRoomId(room.getId()).setIncludeFormer(true))).getRoomMemberList().getMembers(0).getStatus())
                    .isEqualTo(MemberStatus.MEMBER_LEFT);

            // invited back: a new membership with a new credential
            RoomWorld.Joined again = w.join(invite.getCode(), "Els");
            try (WsPeer back = w.connect(encoding, again)) {
                back.subscribe(room.getConversationId(), 0, "");
                back.sendText(room.getConversationId(), "m-2", "Ik ben er weer");
            }
        }
    }

    @BothEncodings
    void invitesAreRefusedWhenUnknownRevokedExpiredUsedUpFullOrClosedAndNicknamesWhenTheyImitateStaff(
            String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Klein", w.anna.id()).setMemberLimit(2));
            RoomInvite open = RoomWorld.multiUseInvite(anna, room);
            assertThat(w.joinAnswer(open.getCode(), "Moderator Jan").status()).isEqualTo(400);
            assertThat(w.joinAnswer(open.getCode(), "\u200b\u200b").status()).isEqualTo(400);
            assertThat(w.joinAnswer(open.getCode(), "x".repeat(41)).status()).isEqualTo(400);
            assertThat(w.joinAnswer("no-such-code", "Els").status()).isEqualTo(404);
            assertThat(server.get("/api/public/invites/no-such-code").status()).isEqualTo(404);

            RoomInvite single = RoomWorld.invite(anna, CreateInvite.newBuilder().setRoomId(room.getId())
                    .setSingleUse(true));
            w.join(single.getCode(), "Els");
            assertProblem(w.joinAnswer(single.getCode(), "Fien"), 410, "INVITE_USED_UP");

            RoomInvite revoked = RoomWorld.multiUseInvite(anna, room);
            anna.callForAck(ClientMessage.newBuilder().setRevokeInvite(RevokeInvite.newBuilder()
                    .setInviteId(revoked.getId())));
            assertProblem(w.joinAnswer(revoked.getCode(), "Fien"), 410, "INVITE_REVOKED");
            assertProblem(server.get("/api/public/invites/" + revoked.getCode()), 410, "INVITE_REVOKED");

            RoomInvite expiring = RoomWorld.invite(anna, CreateInvite.newBuilder().setRoomId(room.getId())
                    .setExpiresAt(ProtoTime.of(server.clock().instant().plus(Duration.ofHours(1)))));
            assertThat(anna.callForError(ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                    .setRoomId(room.getId()).setExpiresAt(ProtoTime.of(server.clock().instant())))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            server.clock().advance(Duration.ofHours(1));
            assertProblem(w.joinAnswer(expiring.getCode(), "Fien"), 410, "INVITE_EXPIRED");

            w.join(open.getCode(), "Fien");
            assertProblem(w.joinAnswer(open.getCode(), "Gea"), 409, "LIMIT_REACHED");
            assertProblem(server.get("/api/public/invites/" + open.getCode()), 409, "LIMIT_REACHED");

            Room big = RoomWorld.saved(anna, RoomWorld.room("Dicht", w.anna.id()));
            RoomInvite toClosed = RoomWorld.multiUseInvite(anna, big);
            anna.callForAck(setState(big, RoomState.ROOM_CLOSED, "seizoen voorbij"));
            assertProblem(w.joinAnswer(toClosed.getCode(), "Gea"), 409, "CLOSED");
            assertThat(server.server().store().rooms().members(big.getId(), true)).isEmpty();
        }
    }

    @BothEncodings
    void aRemovedMemberLosesTheRoomOnEveryConnectionAtOnceAndTheLogSaysWhy(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            try (WsPeer phone = w.connect(encoding, els); WsPeer laptop = w.connect(otherEncoding(encoding), els)) {
                phone.subscribe(room.getConversationId(), 0, "");
                laptop.subscribe(room.getConversationId(), 0, "");
                assertThat(anna.callForError(remove(room, els.participantId(), "")))
                        .as("a reason is required").isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(phone.callForError(remove(room, els.participantId(), "zelf")))
                        .as("members cannot moderate").isEqualTo(ErrorCode.FORBIDDEN);
                anna.callForAck(remove(room, els.participantId(), "herhaald grensoverschrijdend"));
                for (WsPeer device : new WsPeer[] {phone, laptop}) {
                    assertThat(device.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
                }
            }
            w.assertRefused(encoding, els.token());
            assertThat(anna.callForError(remove(room, els.participantId(), "nog eens")))
                    .isEqualTo(ErrorCode.NOT_FOUND);
            ModerationEntry entry = anna.call(ClientMessage.newBuilder().setGetModerationLog(GetModerationLog
                    .newBuilder().setRoomId(room.getId()))).getModerationLog().getEntries(0);
            assertThat(entry.getAction()).isEqualTo(ModerationAction.REMOVE_MEMBER);
            assertThat(entry.getParticipantId()).isEqualTo(els.participantId());
            assertThat(entry.getReason()).isEqualTo("herhaald grensoverschrijdend");
            assertThat(entry.getModeratorName()).isEqualTo("Anna de Vries");
        }
    }

    @BothEncodings
    void aMutedMemberReadsButWritesOnNoConnectionUntilTheMuteEndsAndOnlyModeratorsSeeIt(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined fien = w.join(code, "Fien");
            try (WsPeer phone = w.connect(encoding, els); WsPeer laptop = w.connect(otherEncoding(encoding), els);
                 WsPeer fienWs = w.connect(encoding, fien)) {
                assertThat(anna.callForError(mute(room, els.participantId(), 3599, "te kort")))
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(anna.callForError(mute(room, els.participantId(), 604_801, "te lang")))
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(anna.callForError(mute(room, els.participantId(), 3600, "")))
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(fienWs.callForError(mute(room, els.participantId(), 3600, "zelf")))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                anna.callForAck(mute(room, els.participantId(), 3600, "even afkoelen"));
                for (WsPeer device : new WsPeer[] {phone, laptop}) {
                    assertThat(device.callForError(send(room, "m-" + device.subprotocol())))
                            .isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(device.call(history(room)).hasHistory()).as("reading is allowed").isTrue();
                }
                fienWs.sendText(room.getConversationId(), "f-1", "Ik mag wel");
                RoomMember listed = anna.call(ClientMessage.newBuilder().setListRoomMembers(ListRoomMembers
                        .newBuilder().setRoomId(room.getId()))).getRoomMemberList().getMembersList().stream()
                        .filter(m -> m.getNickname().equals("Els")).findFirst().orElseThrow();
                assertThat(ProtoTime.toInstant(listed.getMutedUntil()))
                        .isEqualTo(server.clock().instant().plusSeconds(3600));
                ModerationEntry entry = anna.call(ClientMessage.newBuilder().setGetModerationLog(GetModerationLog
                        .newBuilder().setRoomId(room.getId()))).getModerationLog().getEntries(0);
                assertThat(entry.getAction()).isEqualTo(ModerationAction.MUTE_MEMBER);
                assertThat(entry.getReason()).isEqualTo("even afkoelen");
                assertThat(entry.getMutedUntil()).isEqualTo(listed.getMutedUntil());
                assertThat(fienWs.unclaimed()).as("other members are not told")
                        .noneMatch(m -> m.toString().contains("afkoelen"));

                server.clock().advance(Duration.ofHours(1));
                phone.sendText(room.getConversationId(), "m-after", "Sorry, ik was boos");
                anna.callForAck(mute(room, els.participantId(), 7200, "opnieuw"));
                assertThat(laptop.callForError(send(room, "m-again"))).isEqualTo(ErrorCode.FORBIDDEN);
                anna.callForAck(mute(room, els.participantId(), 0, "toch niet"));
                laptop.sendText(room.getConversationId(), "m-free", "Dank je");
            }
        }
    }

    @BothEncodings
    void deletingARoomEndsItForEveryoneRevokesItsMembersAndPurgesItsContent(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(encoding, w.bram)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Tijdelijk", w.anna.id()));
            RoomInvite invite = RoomWorld.multiUseInvite(anna, room);
            RoomWorld.Joined els = w.join(invite.getCode(), "Els");
            anna.subscribe(room.getConversationId(), 0, "");
            try (WsPeer member = w.connect(otherEncoding(encoding), els)) {
                member.subscribe(room.getConversationId(), 0, "");
                member.sendText(room.getConversationId(), "m-1", "Iets persoonlijks");
                assertThat(bram.callForError(deleteRoom(room, "weg ermee"))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(member.callForError(deleteRoom(room, "weg ermee"))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(anna.callForError(deleteRoom(room, ""))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                anna.callForAck(deleteRoom(room, "groep opgeheven"));
                assertThat(member.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            }
            assertThat(anna.await("ended", m -> m.hasEvent() && m.getEvent().hasEnded()).getEvent().getEnded()
                    .getReason()).isEqualTo(nl.spreekuur.protocol.v1.EndReason.ROOM_DELETED);
            w.assertRefused(encoding, els.token());
            assertThat(anna.callForError(getRoom(room))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anna.callForError(history(room))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(w.joinAnswer(invite.getCode(), "Fien").status()).isEqualTo(404);
            var store = server.server().store();
            assertThat(store.rooms().byId(room.getId())).isEmpty();
            assertThat(store.rooms().members(room.getId(), true)).isEmpty();
            assertThat(store.rooms().invites(room.getId())).isEmpty();
            assertThat(store.rooms().log(room.getId())).isEmpty();
            assertThat(store.conversations().byId(room.getConversationId())).isEmpty();
            assertThat(store.conversations().eventsAfter(room.getConversationId(), 0, 100)).isEmpty();
            assertThat(store.audit().list(w.org.id(), java.time.Instant.EPOCH, server.clock().instant().plusSeconds(1)))
                    .anySatisfy(e -> {
                        assertThat(e.action()).isEqualTo("room.delete");
                        assertThat(e.targetId()).isEqualTo(room.getId());
                        assertThat(e.detail()).isEqualTo("groep opgeheven");
                    });
        }
    }

    @BothEncodings
    void aPausedRoomIsReadOnlyForMembersAndAClosedRoomForEveryone(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Jonge mantelzorgers", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            try (WsPeer member = w.connect(otherEncoding(encoding), els)) {
                member.subscribe(room.getConversationId(), 0, "");
                member.sendText(room.getConversationId(), "m-1", "Goedenavond");
                assertThat(member.callForError(setState(room, RoomState.ROOM_PAUSED, "nacht")))
                        .isEqualTo(ErrorCode.FORBIDDEN);

                anna.callForAck(setState(room, RoomState.ROOM_PAUSED, "nachtrust"));
                assertThat(member.await("paused", m -> m.hasEvent() && m.getEvent().hasRoomState()).getEvent()
                        .getRoomState().getState()).isEqualTo(RoomState.ROOM_PAUSED);
                assertThat(member.callForError(send(room, "m-2"))).isEqualTo(ErrorCode.CLOSED);
                anna.sendText(room.getConversationId(), "a-1", "Morgen weer open");
                assertThat(member.call(history(room)).getHistory().getEventsList())
                        .as("reading is allowed").anyMatch(e -> e.hasText());

                anna.callForAck(setState(room, RoomState.ROOM_CLOSED, "groep gestopt"));
                assertThat(anna.callForError(send(room, "a-2"))).isEqualTo(ErrorCode.CLOSED);
                assertThat(member.callForError(send(room, "m-3"))).isEqualTo(ErrorCode.CLOSED);

                anna.callForAck(setState(room, RoomState.ROOM_OPEN, "toch door"));
                member.await("reopened", m -> m.hasEvent() && m.getEvent().hasRoomState()
                        && m.getEvent().getRoomState().getState() == RoomState.ROOM_OPEN);
                member.sendText(room.getConversationId(), "m-4", "Fijn!");
            }
            assertThat(anna.call(ClientMessage.newBuilder().setGetModerationLog(GetModerationLog.newBuilder()
                    .setRoomId(room.getId()))).getModerationLog().getEntriesList())
                    .extracting(ModerationEntry::getAction, ModerationEntry::getReason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ModerationAction.PAUSE_ROOM, "nachtrust"),
                            org.assertj.core.groups.Tuple.tuple(ModerationAction.CLOSE_ROOM, "groep gestopt"),
                            org.assertj.core.groups.Tuple.tuple(ModerationAction.REOPEN_ROOM, "toch door"));
        }
    }

    @BothEncodings
    void aRoomWithHistoryFromTheJoinShowsNewMembersNothingOlder(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room fromJoin = RoomWorld.saved(anna, RoomWorld.room("Vanaf nu", w.anna.id())
                    .setHistoryVisibility(HistoryVisibility.FROM_JOIN));
            Room full = RoomWorld.saved(anna, RoomWorld.room("Alles", w.anna.id()));
            for (Room room : new Room[] {fromJoin, full}) {
                anna.sendText(room.getConversationId(), "old-1", "Van voor jouw tijd");
                anna.sendText(room.getConversationId(), "old-2", "Ook oud");
            }
            RoomWorld.Joined late = w.join(RoomWorld.multiUseInvite(anna, fromJoin).getCode(), "Laat");
            RoomWorld.Joined early = w.join(RoomWorld.multiUseInvite(anna, full).getCode(), "Vroeg");
            try (WsPeer lateMember = w.connect(encoding, late); WsPeer fullMember = w.connect(encoding, early)) {
                SubscribeResult sub = lateMember.subscribe(fromJoin.getConversationId(), 0, "");
                assertThat(sub.getRecovered()).isTrue();
                assertThat(sub.getFirstSeq()).isEqualTo(sub.getMemberSinceSeq() + 1);
                ConversationEvent first = lateMember.nextEvent(fromJoin.getConversationId());
                assertThat(first.hasJoined()).as("replay starts at their own join").isTrue();
                assertThat(lateMember.call(history(fromJoin)).getHistory().getEventsList())
                        .noneMatch(ConversationEvent::hasText);
                assertThat(lateMember.call(history(fromJoin)).getHistory().getHasMore()).isFalse();
                // the moderator still reads everything
                assertThat(anna.call(history(fromJoin)).getHistory().getEventsList())
                        .filteredOn(ConversationEvent::hasText).hasSize(2);

                fullMember.subscribe(full.getConversationId(), 0, "");
                assertThat(fullMember.call(history(full)).getHistory().getEventsList())
                        .filteredOn(ConversationEvent::hasText).hasSize(2);
            }
        }
    }

    @BothEncodings
    void nobodyButMembersAndTheirModeratorsLearnsAnythingAboutARoom(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld elsewhere = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(encoding, w.bram);
             WsPeer olga = elsewhere.staff(encoding, elsewhere.ada);
             WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Besloten", w.anna.id()));
            Room other = RoomWorld.saved(anna, RoomWorld.room("Andere groep", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, other).getCode(), "Els");
            String conversation = room.getConversationId();
            try (WsPeer outsiderMember = w.connect(encoding, els)) {
                for (WsPeer stranger : new WsPeer[] {olga, anonymous, outsiderMember}) {
                    assertThat(stranger.callForError(getRoom(room))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(stranger.callForError(subscribe(conversation))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(stranger.callForError(send(room, "s-1"))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(stranger.callForError(history(room))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(stranger.callForError(ClientMessage.newBuilder().setListRoomMembers(
                            ListRoomMembers.newBuilder().setRoomId(room.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(stranger.callForError(ClientMessage.newBuilder().setCreateInvite(
                            CreateInvite.newBuilder().setRoomId(room.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(stranger.callForError(setState(room, RoomState.ROOM_CLOSED, "weg")))
                            .isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(stranger.callForError(RoomWorld.save(room.toBuilder().setName("Gekaapt"))))
                            .isIn(ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN);
                    assertThat(stranger.call(listRooms()).getRoomList().getRoomsList())
                            .extracting(Room::getId).doesNotContain(room.getId());
                }
                assertThat(olga.callForError(RoomWorld.save(room.toBuilder().setName("Gekaapt"))))
                        .isEqualTo(ErrorCode.NOT_FOUND);
                // a professional of the organisation who does not moderate it may not act in it
                assertThat(bram.callForError(subscribe(conversation))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(bram.callForError(ClientMessage.newBuilder().setCreateInvite(
                        CreateInvite.newBuilder().setRoomId(room.getId())))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(outsiderMember.callForError(ClientMessage.newBuilder().setLeaveRoom(
                        LeaveRoom.newBuilder().setRoomId(room.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
            }
            assertThat(server.server().store().rooms().byId(room.getId()).orElseThrow().name()).isEqualTo("Besloten");
            assertThat(server.server().store().rooms().byId(room.getId()).orElseThrow().state())
                    .isEqualTo(RoomState.ROOM_OPEN);
        }
    }

    private static ClientMessage.Builder listRooms() {
        return ClientMessage.newBuilder().setListRooms(ListRooms.getDefaultInstance());
    }

    private static ClientMessage.Builder getRoom(Room room) {
        return ClientMessage.newBuilder().setGetRoom(GetRoom.newBuilder().setRoomId(room.getId()));
    }

    private static ClientMessage.Builder subscribe(String conversationId) {
        return ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setConversationId(conversationId));
    }

    private static ClientMessage.Builder send(Room room, String clientMsgId) {
        return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                .setConversationId(room.getConversationId()).setClientMsgId(clientMsgId).setText("Hallo"));
    }

    private static ClientMessage.Builder history(Room room) {
        return ClientMessage.newBuilder().setGetHistory(GetHistory.newBuilder()
                .setConversationId(room.getConversationId()));
    }

    private static ClientMessage.Builder setState(Room room, RoomState state, String reason) {
        return ClientMessage.newBuilder().setSetRoomState(SetRoomState.newBuilder().setRoomId(room.getId())
                .setState(state).setReason(reason));
    }

    private static ClientMessage.Builder mute(Room room, String participantId, long seconds, String reason) {
        return ClientMessage.newBuilder().setMuteMember(nl.spreekuur.protocol.v1.MuteMember.newBuilder()
                .setRoomId(room.getId()).setParticipantId(participantId).setDurationSeconds(seconds)
                .setReason(reason));
    }

    private static ClientMessage.Builder deleteRoom(Room room, String reason) {
        return ClientMessage.newBuilder().setDeleteRoom(nl.spreekuur.protocol.v1.DeleteRoom.newBuilder()
                .setRoomId(room.getId()).setReason(reason));
    }

    private static ClientMessage.Builder remove(Room room, String participantId, String reason) {
        return ClientMessage.newBuilder().setRemoveMember(RemoveMember.newBuilder().setRoomId(room.getId())
                .setParticipantId(participantId).setReason(reason));
    }

    private static void assertProblem(ServicesTestServer.HttpAnswer answer, int status, String code) {
        assertThat(answer.status()).as("answer %s", answer).isEqualTo(status);
        assertThat(answer.json()).containsEntry("error", code);
    }
}
