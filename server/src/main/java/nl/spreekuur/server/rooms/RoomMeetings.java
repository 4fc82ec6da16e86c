package nl.spreekuur.server.rooms;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.AnswerMeeting;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Meeting;
import nl.spreekuur.protocol.v1.MeetingAnswer;
import nl.spreekuur.protocol.v1.MeetingList;
import nl.spreekuur.protocol.v1.MeetingsChanged;
import nl.spreekuur.protocol.v1.RecordMeetingAttendance;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;

/**
 * A group's scheduled meetings (blended: physical or online in the room). Moderators plan, change and cancel them;
 * each change is a sequenced {@code meetings_changed} event in the room's conversation, so members (also resuming
 * ones) list the meetings again. Members answer "ik kom / ik kom niet"; moderators see the counts, pushed to them
 * when a member answers. An online meeting's video is the room's meeting call: StartCall / JoinCall with the room's
 * conversation id ({@code call_conversation_id}).
 */
final class RoomMeetings {
    static final int MIN_DURATION = 15;
    static final int MAX_DURATION = 480;
    static final int MAX_LOCATION = 300;
    static final int MAX_TITLE = 80;
    static final int MAX_ATTENDED = 2000;
    /** How long after its end a meeting stays in the moderators' list, to record or correct its head count. */
    static final Duration ATTENDANCE_WINDOW = Duration.ofDays(14);

    private final RoomContext ctx;
    private final Hub hub;

    RoomMeetings(RoomContext ctx, Hub hub) {
        this.ctx = ctx;
        this.hub = hub;
    }

    private RoomPeople people() {
        return ctx.store().roomPeople();
    }

    Meeting save(Principal principal, Meeting wanted) {
        Rooms.Room room = ctx.access().managed(principal, wanted.getRoomId());
        RoomPeople.Meeting existing = null;
        if (!wanted.getId().isEmpty()) {
            existing = people().meeting(wanted.getId()).filter(m -> m.roomId().equals(room.id()))
                    .orElseThrow(() -> RequestException.notFound("meeting"));
        }
        if (!wanted.hasStartsAt()) {
            throw RequestException.invalid("starts_at is required");
        }
        Instant start = ProtoTime.toInstant(wanted.getStartsAt());
        if (existing == null && !start.isAfter(ctx.clock().instant())) {
            throw RequestException.invalid("starts_at: must be in the future");
        }
        if (wanted.getDurationMinutes() < MIN_DURATION || wanted.getDurationMinutes() > MAX_DURATION) {
            throw RequestException.invalid("duration_minutes: " + MIN_DURATION + ".." + MAX_DURATION);
        }
        String location = wanted.getLocation().strip();
        if (wanted.getOnline() ? !location.isEmpty() : location.isEmpty() || Texts.length(location) > MAX_LOCATION) {
            throw RequestException.invalid("location: 1.." + MAX_LOCATION + " characters, or empty when online");
        }
        String title = wanted.getTitle().strip();
        if (Texts.length(title) > MAX_TITLE) {
            throw RequestException.invalid("title: at most " + MAX_TITLE + " characters");
        }
        RoomPeople.Meeting saved = people().saveMeeting(new RoomPeople.Meeting(existing == null ? null
                : existing.id(), room.id(), start, wanted.getDurationMinutes(), wanted.getOnline(), location, title,
                existing == null ? principal.id() : existing.createdBy()));
        announce(room, saved.id(), false);
        return forModerators(room, saved);
    }

    void cancel(Principal principal, String meetingId) {
        RoomPeople.Meeting meeting = find(meetingId);
        Rooms.Room room = managedRoomOf(principal, meeting);
        if (people().deleteMeeting(meeting.id())) {
            announce(room, meeting.id(), true);
        }
    }

    /**
     * A moderator's head count of a meeting that has started (physical or online; 0..2000; again to correct it).
     * Like cancelling: an unknown meeting, or one of a room the principal does not see, is NOT_FOUND; staff who see
     * the room but do not moderate it get FORBIDDEN.
     */
    Meeting recordAttendance(Principal principal, RecordMeetingAttendance request) {
        RoomPeople.Meeting meeting = find(request.getMeetingId());
        Rooms.Room room = managedRoomOf(principal, meeting);
        if (request.getAttended() < 0 || request.getAttended() > MAX_ATTENDED) {
            throw RequestException.invalid("attended: 0.." + MAX_ATTENDED);
        }
        if (meeting.startsAt().isAfter(ctx.clock().instant())) {
            throw RequestException.conflict("the meeting has not started");
        }
        RoomPeople.Meeting counted = people().recordAttendance(meeting.id(), request.getAttended())
                .orElseThrow(() -> RequestException.notFound("meeting"));
        return forModerators(room, counted);
    }

    /**
     * Managers: with counts, also the meetings that ended in the last {@link #ATTENDANCE_WINDOW} (to record how
     * many came); a member: the meetings that have not ended, with their own answer; other staff: FORBIDDEN.
     */
    MeetingList list(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        boolean manager = RoomAccess.mayManage(principal, room);
        if (!manager && ctx.access().ownMember(principal, room).isEmpty()) {
            throw RequestException.forbidden("not in this room");
        }
        MeetingList.Builder list = MeetingList.newBuilder();
        Instant now = ctx.clock().instant();
        for (RoomPeople.Meeting m : people().upcomingMeetings(room.id(),
                manager ? now.minus(ATTENDANCE_WINDOW) : now)) {
            list.addMeetings(manager ? forModerators(room, m) : forMember(room, m, principal.id()));
        }
        return list.build();
    }

    Meeting answer(Principal principal, AnswerMeeting request) {
        RoomPeople.Meeting meeting = find(request.getMeetingId());
        Rooms.Room room;
        try {
            room = ctx.access().visible(principal, meeting.roomId());
        } catch (RequestException e) {
            throw RequestException.notFound("meeting");
        }
        if (ctx.access().ownMember(principal, room).isEmpty()) {
            throw RequestException.forbidden("only members answer");
        }
        if (request.getAnswer() != MeetingAnswer.MEETING_COMING
                && request.getAnswer() != MeetingAnswer.MEETING_NOT_COMING) {
            throw RequestException.invalid("answer: MEETING_COMING or MEETING_NOT_COMING");
        }
        if (!meeting.endsAt().isAfter(ctx.clock().instant())) {
            throw RequestException.conflict("the meeting is over");
        }
        people().answerMeeting(meeting.id(), principal.id(), request.getAnswer(), ctx.clock().instant());
        ServerMessage push = ServerMessage.newBuilder().setMeeting(forModerators(room, meeting)).build();
        room.moderatorIds().forEach(id -> hub.pushToPrincipal(id, push));
        return forMember(room, meeting, principal.id());
    }

    /**
     * The meeting's room, for who may manage it: a meeting of a room the principal does not see is NOT_FOUND (as an
     * unknown one); staff who see the room but may not manage it get FORBIDDEN.
     */
    private Rooms.Room managedRoomOf(Principal principal, RoomPeople.Meeting meeting) {
        try {
            return ctx.access().managed(principal, meeting.roomId());
        } catch (RequestException e) {
            throw e.code() == ErrorCode.FORBIDDEN ? e : RequestException.notFound("meeting");
        }
    }

    private RoomPeople.Meeting find(String meetingId) {
        if (meetingId == null || meetingId.isEmpty()) {
            throw RequestException.invalid("meeting_id is required");
        }
        return people().meeting(meetingId).orElseThrow(() -> RequestException.notFound("meeting"));
    }

    private void announce(Rooms.Room room, String meetingId, boolean cancelled) {
        ctx.conversations().appendSystem(room.conversationId(), ConversationEvent.newBuilder().setMeetingsChanged(
                MeetingsChanged.newBuilder().setMeetingId(meetingId).setCancelled(cancelled)));
    }

    private Meeting forModerators(Rooms.Room room, RoomPeople.Meeting m) {
        RoomPeople.Answers answers = people().answers(m.id());
        Meeting.Builder b = PeopleViews.meeting(m, room.conversationId()).toBuilder().setComing(answers.coming())
                .setNotComing(answers.notComing());
        if (m.attended() != null) {
            b.setAttended(m.attended()).setAttendanceRecorded(true);
        }
        return b.build();
    }

    private Meeting forMember(Rooms.Room room, RoomPeople.Meeting m, String principalId) {
        return PeopleViews.meeting(m, room.conversationId()).toBuilder()
                .setYourAnswer(people().answerOf(m.id(), principalId)).build();
    }
}
