package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.RequestRouter;

/**
 * Wires the requests about the people around a room (ClientMessage fields 140-160: knocking, private talks,
 * concerns, meetings, invite QR codes, last seen, breaks) into the router, and adds open private talks to HelloOk so a reconnecting member or moderator
 * resumes them.
 */
final class RoomPeopleRequests {
    private final RoomKnocks knocks;
    private final RoomTalks talks;
    private final RoomConcerns concerns;
    private final RoomMeetings meetings;
    private final InvitePosters posters;
    private final RoomLastSeen lastSeen;
    private final RoomBreaks breaks;

    RoomPeopleRequests(RoomKnocks knocks, RoomTalks talks, RoomConcerns concerns, RoomMeetings meetings,
                       InvitePosters posters, RoomLastSeen lastSeen, RoomBreaks breaks) {
        this.breaks = breaks;
        this.posters = posters;
        this.lastSeen = lastSeen;
        this.knocks = knocks;
        this.talks = talks;
        this.concerns = concerns;
        this.meetings = meetings;
    }

    void register(RequestRouter router) {
        router.contributeToHello(this::hello).listen(lastSeen)
                .on(BodyCase.SET_KNOCK_LINK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setKnockLink(knocks.setLink(s.principal(), r.getSetKnockLink()))))
                .on(BodyCase.LIST_KNOCKS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setKnockList(knocks.list(s.principal(), r.getListKnocks().getRoomId()))))
                .on(BodyCase.ANSWER_KNOCK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setKnock(knocks.answer(s.principal(), r.getAnswerKnock()))))
                .on(BodyCase.GET_MY_KNOCK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setKnock(knocks.mine(s.principal()))))
                .on(BodyCase.OPEN_PRIVATE_TALK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setPrivateTalk(talks.open(s.principal(), r.getOpenPrivateTalk()))))
                .on(BodyCase.ASK_PRIVATE_TALK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setPrivateTalk(talks.ask(s.principal(), r.getAskPrivateTalk()))))
                .on(BodyCase.LIST_PRIVATE_TALKS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setPrivateTalkList(talks.list(s.principal(), r.getListPrivateTalks().getRoomId(),
                                r.getListPrivateTalks().getIncludeEnded()))))
                .on(BodyCase.CLAIM_PRIVATE_TALK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setPrivateTalk(talks.claim(s.principal(), r.getClaimPrivateTalk().getTalkId()))))
                .onAck(BodyCase.END_PRIVATE_TALK, (s, r) -> talks.end(s.principal(),
                        r.getEndPrivateTalk().getTalkId()))
                .on(BodyCase.SAVE_CONCERN, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setConcern(concerns.save(s.principal(), r.getSaveConcern().getConcern()))))
                .on(BodyCase.LIST_CONCERNS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setConcernList(concerns.list(s.principal(), r.getListConcerns().getRoomId(),
                                r.getListConcerns().getParticipantId()))))
                .on(BodyCase.SAVE_MEETING, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMeeting(meetings.save(s.principal(), r.getSaveMeeting().getMeeting()))))
                .onAck(BodyCase.CANCEL_MEETING, (s, r) -> meetings.cancel(s.principal(),
                        r.getCancelMeeting().getMeetingId()))
                .on(BodyCase.LIST_MEETINGS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMeetingList(meetings.list(s.principal(), r.getListMeetings().getRoomId()))))
                .on(BodyCase.ANSWER_MEETING, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMeeting(meetings.answer(s.principal(), r.getAnswerMeeting()))))
                .on(BodyCase.RECORD_MEETING_ATTENDANCE, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMeeting(meetings.recordAttendance(s.principal(), r.getRecordMeetingAttendance()))))
                .on(BodyCase.GET_INVITE_QR, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setInviteQr(posters.qr(s.principal(), r.getGetInviteQr().getInviteId(),
                                r.getGetInviteQr().getOrigin()))))
                .on(BodyCase.LIST_LAST_SEEN, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setLastSeenList(lastSeen.list(s.principal(), r.getListLastSeen().getRoomId()))))
                .on(BodyCase.TAKE_BREAK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMyBreak(breaks.take(s.principal(), r.getTakeBreak()))))
                .on(BodyCase.GET_MY_BREAK, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMyBreak(breaks.mine(s.principal(), r.getGetMyBreak().getRoomId()))))
                .on(BodyCase.SET_ONLINE_HIDDEN, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMyBreak(breaks.setOnlineHidden(s.principal(), r.getSetOnlineHidden().getRoomId(),
                                r.getSetOnlineHidden().getHidden()))));
    }

    private HelloOk hello(ClientSession session) {
        HelloOk.Builder hello = HelloOk.newBuilder();
        talks.openTalksOf(session.principal()).forEach(t -> hello.addActive(ActiveItem.newBuilder()
                .setConversationId(t.conversationId()).setKind(ConversationKind.ROOM_PRIVATE_TALK)
                .setRoomId(t.roomId())));
        return hello.build();
    }

    private static void reply(ClientSession session, ClientMessage request, ServerMessage.Builder message) {
        session.send(message.setRequestId(request.getRequestId()).build());
    }
}
