package nl.spreekuur.server.calls;

import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Calls.Consult;
import nl.spreekuur.server.store.Conversations;

/** Wires the call requests (ClientMessage fields 200-299) into the router, and the consults' part of HelloOk. */
final class CallRequests {
    private final CallContext ctx;
    private final CallDesk desk;
    private final Signalling signalling;
    private final ScheduledConsults consults;

    CallRequests(CallContext ctx, CallDesk desk, Signalling signalling, ScheduledConsults consults) {
        this.ctx = ctx;
        this.desk = desk;
        this.signalling = signalling;
        this.consults = consults;
    }

    void register(RequestRouter router) {
        router.contributeToHello(this::hello)
                .on(BodyCase.START_CALL, (s, r) -> reply(s, r, ServerMessage.newBuilder().setCallSession(
                        desk.start(s, r.getStartCall().getConversationId(), r.getStartCall().getMedia()))))
                .onAck(BodyCase.CALL_RINGING, (s, r) -> desk.ringing(s.principal(), r.getCallRinging().getCallId()))
                .on(BodyCase.ACCEPT_CALL, (s, r) -> reply(s, r, ServerMessage.newBuilder().setCallSession(
                        desk.accept(s, r.getAcceptCall().getCallId(), r.getAcceptCall().getMedia()))))
                .onAck(BodyCase.DECLINE_CALL, (s, r) -> desk.decline(s.principal(), r.getDeclineCall().getCallId()))
                .onAck(BodyCase.CANCEL_CALL, (s, r) -> desk.cancel(s.principal(), r.getCancelCall().getCallId()))
                .on(BodyCase.JOIN_CALL, (s, r) -> reply(s, r, ServerMessage.newBuilder().setCallSession(
                        desk.join(s, r.getJoinCall().getConversationId(), r.getJoinCall().getMedia()))))
                .onAck(BodyCase.ADMIT_TO_CALL, (s, r) -> desk.admit(s.principal(), r.getAdmitToCall().getCallId(),
                        r.getAdmitToCall().getParticipantId()))
                .onAck(BodyCase.LEAVE_CALL, (s, r) -> desk.leave(s.principal(), r.getLeaveCall().getCallId()))
                .onAck(BodyCase.END_CALL, (s, r) -> desk.end(s.principal(), r.getEndCall().getCallId()))
                .onAck(BodyCase.REMOVE_FROM_CALL, (s, r) -> desk.remove(s.principal(),
                        r.getRemoveFromCall().getCallId(), r.getRemoveFromCall().getParticipantId()))
                .onAck(BodyCase.SET_CALL_MEDIA, (s, r) -> desk.media(s.principal(), r.getSetCallMedia().getCallId(),
                        r.getSetCallMedia().getMedia()))
                .onAck(BodyCase.SEND_SIGNAL, (s, r) -> signalling.send(s.principal(), r.getSendSignal()))
                .onAck(BodyCase.REPORT_CALL_CONNECTED, (s, r) -> desk.connected(s.principal(),
                        r.getReportCallConnected().getCallId(), r.getReportCallConnected().getRelayed()))
                .on(BodyCase.RENEW_ICE_SERVERS, (s, r) -> reply(s, r, ServerMessage.newBuilder().setIceServers(
                        desk.renew(s.principal(), r.getRenewIceServers().getCallId()))))
                .on(BodyCase.GET_CALL, (s, r) -> reply(s, r, ServerMessage.newBuilder().setCall(
                        desk.get(s.principal(), r.getGetCall().getConversationId()))))
                .on(BodyCase.SCHEDULE_CONSULT, (s, r) -> reply(s, r, ServerMessage.newBuilder().setScheduledConsult(
                        consults.schedule(s.principal(), r.getScheduleConsult()))))
                .on(BodyCase.LIST_SCHEDULED_CONSULTS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setScheduledConsultList(consults.list(s.principal(),
                                r.getListScheduledConsults().getIncludePast()))))
                .onAck(BodyCase.REVOKE_CONSULT_LINK, (s, r) -> consults.revoke(s.principal(),
                        r.getRevokeConsultLink().getConsultId()));
    }

    /** A consult's client, and the professional of planned consults, get the consult conversation as active. */
    private HelloOk hello(ClientSession session) {
        Principal principal = session.principal();
        HelloOk.Builder hello = HelloOk.newBuilder();
        if (principal.isAnonymous()) {
            for (Consult consult : consults.ofClient(principal.id())) {
                hello.addActive(item(consult.conversationId()));
            }
        } else if (principal.isStaff()) {
            for (Conversations.Conversation c : ctx.store().conversations().openConversationsOf(principal.id())) {
                if (c.ownedBy(ConsultOwner.CAPABILITY).isPresent()) {
                    hello.addActive(item(c.id()));
                }
            }
        }
        return hello.build();
    }

    private static ActiveItem item(String conversationId) {
        return ActiveItem.newBuilder().setConversationId(conversationId).setKind(ConversationKind.VIDEO_CONSULT)
                .build();
    }

    private static void reply(ClientSession session, ClientMessage request, ServerMessage.Builder message) {
        session.send(message.setRequestId(request.getRequestId()).build());
    }
}
