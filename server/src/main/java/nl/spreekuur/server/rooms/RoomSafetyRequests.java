package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.RequestRouter;

/**
 * Wires the safety requests (ClientMessage fields 120-139) into the router, and SendRoomMessage and EditMessage,
 * which pass the review ({@link RoomReview}) before they reach {@link RoomMessages}.
 */
final class RoomSafetyRequests {
    private final RoomSafetySettings settings;
    private final RoomSafetyView view;
    private final RoomReports reports;
    private final RoomReview review;
    private final RoomAnnouncements announcements;

    RoomSafetyRequests(RoomSafetySettings settings, RoomSafetyView view, RoomReports reports, RoomReview review,
                       RoomAnnouncements announcements) {
        this.settings = settings;
        this.view = view;
        this.reports = reports;
        this.review = review;
        this.announcements = announcements;
    }

    void register(RequestRouter router) {
        router.on(BodyCase.SEND_ROOM_MESSAGE, (s, r) -> reply(s, r, review.send(s.principal(), r.getSendRoomMessage())))
                .on(BodyCase.EDIT_MESSAGE, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMessageAck(review.edit(s.principal(), r.getEditMessage()))))
                .on(BodyCase.GET_ROOM_SAFETY, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setRoomSafety(view.get(s.principal(), r.getGetRoomSafety().getRoomId()))))
                .on(BodyCase.SAVE_ROOM_SAFETY, (s, r) -> {
                    RoomSafety wanted = r.getSaveRoomSafety().getSafety();
                    settings.save(s.principal(), wanted);
                    reply(s, r, ServerMessage.newBuilder().setRoomSafety(view.get(s.principal(), wanted.getRoomId())));
                })
                .onAck(BodyCase.ACCEPT_HOUSE_RULES, (s, r) ->
                        view.accept(s.principal(), r.getAcceptHouseRules().getRoomId()))
                .onAck(BodyCase.REPORT_MESSAGE, (s, r) -> reports.report(s.principal(), r.getReportMessage()))
                .on(BodyCase.LIST_REPORTS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setReportList(reports.list(s.principal(), r.getListReports().getRoomId(),
                                r.getListReports().getIncludeResolved()))))
                .onAck(BodyCase.RESOLVE_REPORT, (s, r) -> reports.resolve(s.principal(), r.getResolveReport()))
                .on(BodyCase.LIST_HELD_MESSAGES, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setHeldMessageList(review.list(s.principal(), r.getListHeldMessages().getRoomId()))))
                .onAck(BodyCase.REVIEW_HELD_MESSAGE, (s, r) -> review.review(s.principal(), r.getReviewHeldMessage()))
                .onAck(BodyCase.LIFT_HOLD, (s, r) -> review.liftHold(s.principal(), r.getLiftHold()))
                .on(BodyCase.POST_ANNOUNCEMENT, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setMessageAck(announcements.post(s.principal(), r.getPostAnnouncement()))))
                .on(BodyCase.GET_ORGANISATION_SAFETY, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOrganisationSafety(settings.organisation(s.principal()))))
                .on(BodyCase.SAVE_ORGANISATION_SAFETY, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOrganisationSafety(settings.saveOrganisation(s.principal(),
                                r.getSaveOrganisationSafety().getSafety()))));
    }

    private static void reply(ClientSession session, ClientMessage request, ServerMessage.Builder message) {
        session.send(message.setRequestId(request.getRequestId()).build());
    }
}
