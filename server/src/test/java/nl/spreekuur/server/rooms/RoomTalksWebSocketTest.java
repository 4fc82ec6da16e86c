package nl.spreekuur.server.rooms;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.AskPrivateTalk;
import nl.spreekuur.protocol.v1.ClaimPrivateTalk;
import nl.spreekuur.protocol.v1.AcceptCall;
import nl.spreekuur.protocol.v1.AdmitToCall;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.EndCall;
import nl.spreekuur.protocol.v1.StartCall;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Concern;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndPrivateTalk;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ListConcerns;
import nl.spreekuur.protocol.v1.ListPrivateTalks;
import nl.spreekuur.protocol.v1.MeldcodeEntry;
import nl.spreekuur.protocol.v1.MeldcodeStep;
import nl.spreekuur.protocol.v1.OpenPrivateTalk;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.PrivateTalk;
import nl.spreekuur.protocol.v1.PrivateTalkState;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomAlert;
import nl.spreekuur.protocol.v1.RoomAlertKind;
import nl.spreekuur.protocol.v1.SaveConcern;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Safeguarding escalation over real WebSockets, in both encodings: a moderator opens a private talk with a member
 * from the room, a member asks for one and exactly one of the moderators who pick it up at once gets it, the talk is
 * private to the two of them and audit-logged, and safeguarding concerns with the Meldcode steps are for the room's
 * moderators and the organisation's supervisors only.
 */
class RoomTalksWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    static ClientMessage.Builder open(String roomId, String participantId) {
        return ClientMessage.newBuilder().setOpenPrivateTalk(OpenPrivateTalk.newBuilder().setRoomId(roomId)
                .setParticipantId(participantId));
    }

    static ClientMessage.Builder ask(String roomId) {
        return ClientMessage.newBuilder().setAskPrivateTalk(AskPrivateTalk.newBuilder().setRoomId(roomId));
    }

    static ClientMessage.Builder claim(String talkId) {
        return ClientMessage.newBuilder().setClaimPrivateTalk(ClaimPrivateTalk.newBuilder().setTalkId(talkId));
    }

    private List<AuditLog.Entry> audit(RoomWorld w) {
        return server.server().store().audit().list(w.org.id(), Instant.EPOCH,
                server.clock().instant().plusSeconds(1));
    }

    @BothEncodings
    void aModeratorOpensAPrivateTalkTheMemberIsToldItIsPrivateAndNoOtherMemberSeesIt(String encoding)
            throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined henk = w.join(code, "Henk");
            try (WsPeer member = w.connect(otherEncoding(encoding), els); WsPeer other = w.connect(encoding, henk)) {
                PrivateTalk talk = anna.call(open(room.getId(), els.participantId())).getPrivateTalk();
                assertThat(talk.getState()).isEqualTo(PrivateTalkState.TALK_OPEN);
                assertThat(talk.getRequestedByMember()).isFalse();
                assertThat(talk.getModeratorName()).isEqualTo("Anna de Vries");
                assertThat(talk.getModeratorId()).as("who holds it, by id (two may share a name)")
                        .isEqualTo(w.anna.id());
                assertThat(anna.call(open(room.getId(), els.participantId())).getPrivateTalk().getId())
                        .as("opening again finds the open talk").isEqualTo(talk.getId());

                PrivateTalk told = member.await("the private talk", ServerMessage::hasPrivateTalk).getPrivateTalk();
                assertThat(told.getModeratorId()).as("members do not see moderators' ids").isEmpty();
                assertThat(told.getModeratorName()).isEqualTo("Anna de Vries");
                assertThat(told.getConversationId()).isEqualTo(talk.getConversationId());
                SubscribeResult sub = member.subscribe(talk.getConversationId(), 0, "");
                assertThat(sub.getKind()).isEqualTo(ConversationKind.ROOM_PRIVATE_TALK);
                assertThat(sub.getRoomId()).isEqualTo(room.getId());
                assertThat(sub.getYourRole()).isEqualTo(ParticipantRole.MEMBER);
                assertThat(sub.getParticipantsList()).extracting(p -> p.getDisplayName())
                        .containsExactly("Anna de Vries", "Els");
                ConversationEvent first = member.await("the private notice", m -> m.hasEvent()
                        && m.getEvent().hasPrivateTalkOpened()).getEvent();
                assertThat(first.getPrivateTalkOpened().getRoomId()).isEqualTo(room.getId());

                anna.subscribe(talk.getConversationId(), 0, "");
                member.sendText(talk.getConversationId(), "p-1", "Het gaat niet goed thuis");
                assertThat(anna.await("the member's message", m -> m.hasEvent() && m.getEvent().hasText())
                        .getEvent().getSenderRole()).isEqualTo(ParticipantRole.MEMBER);

                // the moderator invites the member to video from the talk: the member rings, accepts, is admitted
                CallSession call = anna.call(ClientMessage.newBuilder().setStartCall(StartCall.newBuilder()
                        .setConversationId(talk.getConversationId()))).getCallSession();
                assertThat(call.getCall().getParticipantsList()).anySatisfy(p -> {
                    assertThat(p.getRole()).isEqualTo(ParticipantRole.MEMBER);
                    assertThat(p.getState()).isEqualTo(CallParticipantState.CALL_INVITED);
                });
                String callId = call.getCall().getCallId();
                CallSession accepted = member.call(ClientMessage.newBuilder().setAcceptCall(AcceptCall.newBuilder()
                        .setCallId(callId))).getCallSession();
                anna.callForAck(ClientMessage.newBuilder().setAdmitToCall(AdmitToCall.newBuilder().setCallId(callId)
                        .setParticipantId(accepted.getYourParticipantId())));
                member.await("admitted to the video call", m -> m.hasEvent() && m.getEvent().hasCallUpdate()
                        && m.getEvent().getCallUpdate().getChange() == CallChange.PARTICIPANT_ADMITTED);
                anna.callForAck(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder().setCallId(callId)));
                assertThat(other.callForError(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder()
                        .setConversationId(talk.getConversationId())))).as("another member sees nothing of it")
                        .isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(other.callForError(ClientMessage.newBuilder().setEndPrivateTalk(EndPrivateTalk
                        .newBuilder().setTalkId(talk.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(other.call(ClientMessage.newBuilder().setListPrivateTalks(ListPrivateTalks.newBuilder()
                        .setRoomId(room.getId()))).getPrivateTalkList().getTalksList()).isEmpty();

                try (WsPeer again = w.connect(encoding, els)) {
                    assertThat(again.helloOk().getActiveList()).extracting(ActiveItem::getKind)
                            .as("a reconnecting member resumes the talk")
                            .contains(ConversationKind.ROOM_PRIVATE_TALK);
                }
                member.callForAck(ClientMessage.newBuilder().setEndPrivateTalk(EndPrivateTalk.newBuilder()
                        .setTalkId(talk.getId())));
                assertThat(anna.await("the end", m -> m.hasEvent() && m.getEvent().hasEnded()).getEvent().getEnded()
                        .getReason()).isEqualTo(EndReason.ENDED_BY_CLIENT);
            }
            assertThat(audit(w)).extracting(AuditLog.Entry::action).contains("room.private_talk.open",
                    "conversation.read");
        }
    }

    @BothEncodings
    void aMemberAsksEveryModeratorSeesTheRequestAndExactlyOneClaimWins(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(otherEncoding(encoding), w.bram);
             WsPeer ada = w.staff(encoding, w.ada)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Samen", w.anna.id(), w.bram.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            for (int round = 0; round < 4; round++) {
                RoomWorld.Joined joined = w.join(code, "Lid " + round);
                try (WsPeer member = w.connect(encoding, joined)) {
                    PrivateTalk asked = member.call(ask(room.getId())).getPrivateTalk();
                    assertThat(asked.getState()).isEqualTo(PrivateTalkState.TALK_REQUESTED);
                    assertThat(member.call(ask(room.getId())).getPrivateTalk().getId()).as("asking again")
                            .isEqualTo(asked.getId());
                    for (WsPeer moderator : List.of(anna, bram)) {
                        assertThat(moderator.await("the request", m -> m.hasPrivateTalk()
                                && m.getPrivateTalk().getId().equals(asked.getId())
                                && m.getPrivateTalk().getState() == PrivateTalkState.TALK_REQUESTED)
                                .getPrivateTalk().getNickname()).isEqualTo("Lid " + round);
                    }
                    assertThat(ada.callForError(claim(asked.getId()))).as("an org-admin is no moderator")
                            .isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(member.callForError(claim(asked.getId()))).isEqualTo(ErrorCode.FORBIDDEN);

                    String a = anna.sendWithoutWaiting(claim(asked.getId()));
                    String b = bram.sendWithoutWaiting(claim(asked.getId()));
                    List<ServerMessage> answers = new ArrayList<>();
                    answers.add(anna.await("anna's claim", m -> m.getRequestId().equals(a)));
                    answers.add(bram.await("bram's claim", m -> m.getRequestId().equals(b)));
                    assertThat(answers).filteredOn(ServerMessage::hasPrivateTalk).hasSize(1);
                    assertThat(answers).filteredOn(m -> m.hasError()
                            && m.getError().getCode() == ErrorCode.CONFLICT).hasSize(1);
                    PrivateTalk won = answers.stream().filter(ServerMessage::hasPrivateTalk).findFirst()
                            .orElseThrow().getPrivateTalk();
                    assertThat(won.getState()).isEqualTo(PrivateTalkState.TALK_OPEN);

                    PrivateTalk told = member.await("picked up", m -> m.hasPrivateTalk()
                            && m.getPrivateTalk().getState() == PrivateTalkState.TALK_OPEN).getPrivateTalk();
                    assertThat(told.getConversationId()).isEqualTo(won.getConversationId());
                    assertThat(member.subscribe(told.getConversationId(), 0, "").getParticipantsList())
                            .hasSize(2);
                    assertThat(server.server().store().conversations().participants(won.getConversationId()))
                            .extracting(p -> p.role())
                            .containsExactly(ParticipantRole.PROFESSIONAL, ParticipantRole.MEMBER);
                }
            }
            assertThat(audit(w)).filteredOn(e -> e.action().equals("room.private_talk.claim")).hasSize(4);
        }
    }

    @BothEncodings
    void concernsWithMeldcodeStepsAreForTheRoomsModeratorsAndSupervisorsOnly(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        Account sanne = server.staff(w.org, "sanne", "Sanne", Role.SUPERVISOR);
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(encoding, w.bram);
             WsPeer ada = w.staff(encoding, w.ada); WsPeer supervisor = w.staff(otherEncoding(encoding), sanne);
             WsPeer stranger = other.staff(encoding, other.anna);
             WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            Concern draft = Concern.newBuilder().setRoomId(room.getId()).setParticipantId(els.participantId())
                    .setNote("Zorgen over de thuissituatie; signalen besproken met collega.")
                    .addSteps(MeldcodeEntry.newBuilder().setStep(MeldcodeStep.MELDCODE_SIGNALS)
                            .setWhatWasDone("Signalen vastgelegd"))
                    .build();
            Concern saved = anna.call(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder()
                    .setConcern(draft))).getConcern();
            assertThat(saved.getId()).isNotEmpty();
            assertThat(saved.getNickname()).isEqualTo("Els");
            assertThat(saved.getSteps(0).getRecordedByName()).isEqualTo("Anna de Vries");

            Concern updated = supervisor.call(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder()
                    .setConcern(saved.toBuilder().addSteps(MeldcodeEntry.newBuilder()
                            .setStep(MeldcodeStep.MELDCODE_CONSULT).setWhatWasDone("Veilig Thuis geraadpleegd")))))
                    .getConcern();
            assertThat(updated.getStepsList()).extracting(MeldcodeEntry::getRecordedByName)
                    .containsExactly("Anna de Vries", "Sanne");
            RoomAlert changed = anna.await("the moderator is told the concerns changed", m -> m.hasRoomAlert()
                    && m.getRoomAlert().getKind() == RoomAlertKind.ALERT_CONCERNS_CHANGED).getRoomAlert();
            assertThat(changed.getRoomId()).isEqualTo(room.getId());

            ClientMessage.Builder list = ClientMessage.newBuilder().setListConcerns(ListConcerns.newBuilder()
                    .setRoomId(room.getId()));
            assertThat(anna.call(list).getConcernList().getConcernsList()).extracting(Concern::getId)
                    .containsExactly(saved.getId());
            assertThat(supervisor.call(list).getConcernList().getConcernsCount()).isEqualTo(1);
            assertThat(bram.callForError(list)).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(ada.callForError(list)).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(list)).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anonymous.callForError(list)).isEqualTo(ErrorCode.NOT_FOUND);
            try (WsPeer member = w.connect(encoding, els)) {
                assertThat(member.callForError(list)).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(member.callForError(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder()
                        .setConcern(draft)))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(member.callForError(open(room.getId(), els.participantId())))
                        .isEqualTo(ErrorCode.FORBIDDEN);
            }
            assertThat(bram.callForError(open(room.getId(), els.participantId()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(open(room.getId(), els.participantId())))
                    .isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anonymous.callForError(ask(room.getId()))).isEqualTo(ErrorCode.NOT_FOUND);

            // refused concerns store nothing
            assertThat(anna.callForError(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder()
                    .setConcern(draft.toBuilder().setNote("  "))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder()
                    .setConcern(draft.toBuilder().addSteps(draft.getSteps(0)))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder()
                    .setConcern(draft.toBuilder().setParticipantId("no-such"))))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(server.server().store().roomPeople().concerns(room.getId(), null)).hasSize(1);
            assertThat(audit(w)).extracting(AuditLog.Entry::action)
                    .contains("room.concern.record", "room.concern.update", "room.concern.read");
        }
    }

    @BothEncodings
    void deletingTheRoomLeavesNoRowOfItsKnocksTalksConcernsOrMeetings(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Weg", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            PrivateTalk talk = anna.call(open(room.getId(), els.participantId())).getPrivateTalk();
            anna.call(ClientMessage.newBuilder().setSaveConcern(SaveConcern.newBuilder().setConcern(Concern
                    .newBuilder().setRoomId(room.getId()).setParticipantId(els.participantId()).setNote("Zorg"))));
            anna.call(ClientMessage.newBuilder().setSetKnockLink(nl.spreekuur.protocol.v1.SetKnockLink.newBuilder()
                    .setRoomId(room.getId()).setEnabled(true)));
            anna.call(ClientMessage.newBuilder().setSaveMeeting(nl.spreekuur.protocol.v1.SaveMeeting.newBuilder()
                    .setMeeting(nl.spreekuur.protocol.v1.Meeting.newBuilder().setRoomId(room.getId()).setOnline(true)
                            .setDurationMinutes(60).setStartsAt(nl.spreekuur.server.store.ProtoTime.of(
                                    server.clock().instant().plusSeconds(3600))))));
            anna.callForAck(ClientMessage.newBuilder().setDeleteRoom(nl.spreekuur.protocol.v1.DeleteRoom.newBuilder()
                    .setRoomId(room.getId()).setReason("opgeheven")));
            var people = server.server().store().roomPeople();
            assertThat(people.talks(room.getId(), true)).isEmpty();
            assertThat(people.concerns(room.getId(), null)).isEmpty();
            assertThat(people.knockLink(room.getId())).isEmpty();
            assertThat(people.upcomingMeetings(room.getId(), Instant.EPOCH)).isEmpty();
            assertThat(server.server().store().conversations().byId(talk.getConversationId())).isEmpty();
        }
    }
}
