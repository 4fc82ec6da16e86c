package nl.spreekuur.server.rooms;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.AnswerMeeting;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CancelMeeting;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ListMeetings;
import nl.spreekuur.protocol.v1.Meeting;
import nl.spreekuur.protocol.v1.MeetingAnswer;
import nl.spreekuur.protocol.v1.RecordMeetingAttendance;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SaveMeeting;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.StartCall;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * A group's scheduled meetings over real WebSockets, in both encodings: moderators plan physical and online
 * meetings, members are told (a sequenced event) and answer "ik kom / ik kom niet", moderators see the counts live,
 * an online meeting's call starts in the room's conversation, past meetings drop off (injected clock), and the
 * authorisation negatives.
 */
class RoomMeetingsPlannerWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    private Meeting.Builder meeting(Room room, Duration fromNow) {
        return Meeting.newBuilder().setRoomId(room.getId())
                .setStartsAt(ProtoTime.of(server.clock().instant().plus(fromNow))).setDurationMinutes(90);
    }

    static ClientMessage.Builder save(Meeting.Builder meeting) {
        return ClientMessage.newBuilder().setSaveMeeting(SaveMeeting.newBuilder().setMeeting(meeting));
    }

    static ClientMessage.Builder list(String roomId) {
        return ClientMessage.newBuilder().setListMeetings(ListMeetings.newBuilder().setRoomId(roomId));
    }

    static ClientMessage.Builder answer(String meetingId, MeetingAnswer answer) {
        return ClientMessage.newBuilder().setAnswerMeeting(AnswerMeeting.newBuilder().setMeetingId(meetingId)
                .setAnswer(answer));
    }

    @BothEncodings
    void moderatorsPlanMeetingsMembersAnswerAndModeratorsSeeTheCounts(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined henk = w.join(code, "Henk");
            try (WsPeer member = w.connect(otherEncoding(encoding), els); WsPeer other = w.connect(encoding, henk)) {
                member.subscribe(room.getConversationId(), 0, "");
                Meeting physical = anna.call(save(meeting(room, Duration.ofDays(2))
                        .setLocation("Buurthuis De Linde, Lindelaan 4").setTitle("Koffieochtend"))).getMeeting();
                assertThat(physical.getId()).isNotEmpty();
                assertThat(physical.getCallConversationId()).isEmpty();
                ConversationEvent told = member.await("meetings changed", m -> m.hasEvent()
                        && m.getEvent().hasMeetingsChanged()).getEvent();
                assertThat(told.getMeetingsChanged().getMeetingId()).isEqualTo(physical.getId());
                Meeting online = anna.call(save(meeting(room, Duration.ofDays(9)).setOnline(true))).getMeeting();
                assertThat(online.getCallConversationId()).isEqualTo(room.getConversationId());

                assertThat(member.call(list(room.getId())).getMeetingList().getMeetingsList())
                        .extracting(Meeting::getId).as("soonest first")
                        .containsExactly(physical.getId(), online.getId());
                Meeting mine = member.call(answer(physical.getId(), MeetingAnswer.MEETING_COMING)).getMeeting();
                assertThat(mine.getYourAnswer()).isEqualTo(MeetingAnswer.MEETING_COMING);
                assertThat(mine.getComing()).as("members do not see counts").isZero();
                Meeting counted = anna.await("the count", m -> m.hasMeeting() && m.getMeeting().getComing() == 1)
                        .getMeeting();
                assertThat(counted.getId()).isEqualTo(physical.getId());
                other.call(answer(physical.getId(), MeetingAnswer.MEETING_NOT_COMING));
                member.call(answer(physical.getId(), MeetingAnswer.MEETING_NOT_COMING));
                Meeting atAnna = anna.call(list(room.getId())).getMeetingList().getMeetings(0);
                assertThat(atAnna.getComing()).isZero();
                assertThat(atAnna.getNotComing()).isEqualTo(2);
                assertThat(member.callForError(answer(physical.getId(), MeetingAnswer.MEETING_ANSWER_UNSPECIFIED)))
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);

                // the online meeting's video is the room's meeting call
                ServerMessage call = anna.call(ClientMessage.newBuilder().setStartCall(StartCall.newBuilder()
                        .setConversationId(online.getCallConversationId())));
                assertThat(call.hasCallSession()).as("CallSession, got %s", call).isTrue();
                assertThat(call.getCallSession().getCall().getMode()).isEqualTo(CallMode.CALL_MEETING);

                Meeting moved = anna.call(save(physical.toBuilder().setStartsAt(ProtoTime.of(server.clock()
                        .instant().plus(Duration.ofDays(3)))))).getMeeting();
                assertThat(moved.getNotComing()).as("answers stay when the meeting moves").isEqualTo(2);
                anna.callForAck(ClientMessage.newBuilder().setCancelMeeting(CancelMeeting.newBuilder()
                        .setMeetingId(online.getId())));
                assertThat(member.await("cancelled", m -> m.hasEvent() && m.getEvent().hasMeetingsChanged()
                        && m.getEvent().getMeetingsChanged().getCancelled()).getEvent().getMeetingsChanged()
                        .getMeetingId()).isEqualTo(online.getId());

                server.clock().advance(Duration.ofDays(4));
                assertThat(member.call(list(room.getId())).getMeetingList().getMeetingsList())
                        .as("a meeting that is over drops off").isEmpty();
                assertThat(member.callForError(answer(physical.getId(), MeetingAnswer.MEETING_COMING)))
                        .isEqualTo(ErrorCode.CONFLICT);
            }
        }
    }

    static ClientMessage.Builder count(String meetingId, int attended) {
        return ClientMessage.newBuilder().setRecordMeetingAttendance(RecordMeetingAttendance.newBuilder()
                .setMeetingId(meetingId).setAttended(attended));
    }

    @BothEncodings
    void moderatorsRecordHowManyCameOnceAMeetingStartedAndCorrectItLater(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(otherEncoding(encoding), w.bram);
             WsPeer stranger = other.staff(encoding, other.anna);
             WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Koffie", w.anna.id()));
            Room second = RoomWorld.saved(anna, RoomWorld.room("Ander", w.anna.id()));
            Meeting physical = anna.call(save(meeting(room, Duration.ofHours(2)).setLocation("Buurthuis")))
                    .getMeeting();
            Meeting online = anna.call(save(meeting(room, Duration.ofHours(3)).setOnline(true))).getMeeting();
            assertThat(physical.getAttendanceRecorded()).isFalse();
            assertThat(anna.callForError(count(physical.getId(), 5))).as("not before the start")
                    .isEqualTo(ErrorCode.CONFLICT);

            server.clock().advance(Duration.ofHours(2).plusMinutes(10));
            Meeting counted = anna.call(count(physical.getId(), 0)).getMeeting();
            assertThat(counted.getAttendanceRecorded()).as("nobody came is a count").isTrue();
            assertThat(counted.getAttended()).isZero();
            assertThat(anna.callForError(count(physical.getId(), -1))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(count(physical.getId(), 2001))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(count("", 3))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(count("no-such-meeting", 3))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anna.callForError(count(online.getId(), 3))).as("the online one has not started")
                    .isEqualTo(ErrorCode.CONFLICT);

            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            RoomWorld.Joined henk = w.join(RoomWorld.multiUseInvite(anna, second).getCode(), "Henk");
            try (WsPeer member = w.connect(encoding, els); WsPeer outsider = w.connect(encoding, henk)) {
                assertThat(member.callForError(count(physical.getId(), 9))).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(outsider.callForError(count(physical.getId(), 9))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(member.call(list(room.getId())).getMeetingList().getMeetingsList())
                        .as("members do not see head counts").allSatisfy(m -> {
                            assertThat(m.getAttendanceRecorded()).isFalse();
                            assertThat(m.getAttended()).isZero();
                        });
            }
            assertThat(bram.callForError(count(physical.getId(), 9))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(count(physical.getId(), 9))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anonymous.callForError(count(physical.getId(), 9))).isEqualTo(ErrorCode.NOT_FOUND);

            // after the end, and days later, the moderator still sees it and corrects the count
            server.clock().advance(Duration.ofDays(3));
            Meeting corrected = anna.call(count(physical.getId(), 14)).getMeeting();
            assertThat(corrected.getAttended()).isEqualTo(14);
            assertThat(anna.call(count(online.getId(), 2000)).getMeeting().getAttended()).isEqualTo(2000);
            assertThat(anna.call(list(room.getId())).getMeetingList().getMeetingsList())
                    .as("ended meetings of the last two weeks stay in the moderators' list")
                    .extracting(Meeting::getId, Meeting::getAttended, Meeting::getAttendanceRecorded)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(physical.getId(), 14, true),
                            org.assertj.core.groups.Tuple.tuple(online.getId(), 2000, true));
            Meeting moved = anna.call(save(corrected.toBuilder().setTitle("Koffie en koek"))).getMeeting();
            assertThat(moved.getAttended()).as("changing the plan keeps the count").isEqualTo(14);
            assertThat(server.server().store().roomPeople().meeting(physical.getId()).orElseThrow().attended())
                    .isEqualTo(14);

            server.clock().advance(Duration.ofDays(14));
            assertThat(anna.call(list(room.getId())).getMeetingList().getMeetingsList())
                    .as("two weeks after its end a meeting drops off").isEmpty();
        }
    }

    @BothEncodings
    void badMeetingsAreRefusedAndOnlyModeratorsPlanWhileOnlyMembersAnswer(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(encoding, w.bram);
             WsPeer stranger = other.staff(encoding, other.anna);
             WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            Room second = RoomWorld.saved(anna, RoomWorld.room("Ander", w.anna.id()));
            assertThat(anna.callForError(save(meeting(room, Duration.ofDays(-1)).setOnline(true))))
                    .as("in the past").isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(save(meeting(room, Duration.ofDays(1)).setDurationMinutes(5)
                    .setOnline(true)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(save(meeting(room, Duration.ofDays(1))))).as("no place")
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(save(meeting(room, Duration.ofDays(1)).setOnline(true)
                    .setLocation("Buurthuis")))).as("online and a place").isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(save(Meeting.newBuilder().setRoomId(room.getId()).setDurationMinutes(60)
                    .setOnline(true)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(server.server().store().roomPeople().upcomingMeetings(room.getId(), Instant.EPOCH)).isEmpty();

            Meeting planned = anna.call(save(meeting(room, Duration.ofDays(1)).setOnline(true))).getMeeting();
            RoomWorld.Joined henk = w.join(RoomWorld.multiUseInvite(anna, second).getCode(), "Henk");
            try (WsPeer outsider = w.connect(encoding, henk)) {
                assertThat(outsider.callForError(list(room.getId()))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.callForError(answer(planned.getId(), MeetingAnswer.MEETING_COMING)))
                        .isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.callForError(save(meeting(second, Duration.ofDays(1)).setOnline(true))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
            }
            assertThat(bram.callForError(save(meeting(room, Duration.ofDays(1)).setOnline(true))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(bram.callForError(ClientMessage.newBuilder().setCancelMeeting(CancelMeeting.newBuilder()
                    .setMeetingId(planned.getId())))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(bram.callForError(list(room.getId()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(anna.callForError(answer(planned.getId(), MeetingAnswer.MEETING_COMING)))
                    .as("moderators do not answer").isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(list(room.getId()))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(stranger.callForError(ClientMessage.newBuilder().setCancelMeeting(CancelMeeting.newBuilder()
                    .setMeetingId(planned.getId())))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anonymous.callForError(list(room.getId()))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anonymous.callForError(answer(planned.getId(), MeetingAnswer.MEETING_COMING)))
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }
}
