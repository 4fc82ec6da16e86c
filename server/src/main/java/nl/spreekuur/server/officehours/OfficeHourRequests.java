package nl.spreekuur.server.officehours;

import java.util.concurrent.Executor;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.presence.PresenceManager;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.ConnectionListener;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Queue;

/**
 * Wires the office-hour requests into the router and keeps per-connection office-hour state: which queues a
 * professional watches, which queue place a client's connection follows, and whether a client is connected at all
 * (its reconnect grace period starts when its last connection goes).
 */
public final class OfficeHourRequests implements ConnectionListener {
    private final OfficeHoursService service;
    private final QueueBroadcaster broadcaster;
    private final PresenceManager presence;
    private final Hub hub;
    private final StaffPresence staffPresence;

    public OfficeHourRequests(OfficeHoursService service, Hub hub, PresenceManager presence, Executor refreshExecutor,
                              StaffPresence staffPresence) {
        this.service = service;
        this.hub = hub;
        this.presence = presence;
        this.staffPresence = staffPresence;
        this.broadcaster = new QueueBroadcaster(service, hub, refreshExecutor);
        hub.route(nl.spreekuur.server.session.Channels.OFFICE_HOUR_PREFIX, broadcaster);
    }

    public void register(RequestRouter router) {
        router.listen(this)
                .contributeToHello(this::hello)
                .on(BodyCase.LIST_OFFICE_HOURS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfficeHourList(service.list(s.principal()))))
                .on(BodyCase.GET_OFFICE_HOUR_STATUS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfficeHourStatus(service.status(s.principal(), r.getGetOfficeHourStatus().getOfficeHourId()))))
                .on(BodyCase.SAVE_OFFICE_HOUR, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfficeHour(service.save(s.principal(), r.getSaveOfficeHour().getOfficeHour()))))
                .onAck(BodyCase.DELETE_OFFICE_HOUR, (s, r) ->
                        service.delete(s.principal(), r.getDeleteOfficeHour().getOfficeHourId()))
                .on(BodyCase.JOIN_QUEUE, this::join)
                .onAck(BodyCase.UPDATE_FIRST_QUESTION, (s, r) -> service.updateFirstQuestion(s.principal(),
                        r.getUpdateFirstQuestion().getQueueEntryId(), r.getUpdateFirstQuestion().getFirstQuestion()))
                .onAck(BodyCase.LEAVE_QUEUE, (s, r) ->
                        service.leaveQueue(s.principal(), r.getLeaveQueue().getQueueEntryId()))
                .onAck(BodyCase.SET_DUTY, this::setDuty)
                .onAck(BodyCase.WATCH_QUEUE, this::watchQueue)
                .on(BodyCase.CLAIM_CLIENT, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setChatAssigned(service.claim(s.principal(), r.getClaimClient()))))
                .onAck(BodyCase.FLAG_URGENT, (s, r) -> service.flagUrgent(s.principal(),
                        r.getFlagUrgent().getQueueEntryId(), r.getFlagUrgent().getUrgent()))
                .onAck(BodyCase.END_CHAT, (s, r) -> service.endChat(s.principal(), r.getEndChat().getConversationId()))
                .on(BodyCase.QUICK_EXIT, this::quickExit)
                .onAck(BodyCase.TRANSFER_CHAT, (s, r) -> service.transfer(s.principal(), r.getTransferChat()))
                .onAck(BodyCase.SUPERVISE, (s, r) -> service.supervise(s.principal(), r.getSupervise().getConversationId()))
                .onAck(BodyCase.STOP_SUPERVISING, (s, r) ->
                        service.stopSupervising(s.principal(), r.getStopSupervising().getConversationId()))
                .onAck(BodyCase.SET_TRANSCRIPT_CONSENT, (s, r) -> service.setTranscriptConsent(s.principal(),
                        r.getSetTranscriptConsent().getConversationId(), r.getSetTranscriptConsent().getConsent()))
                .onAck(BodyCase.LEAVE_OFFLINE_MESSAGE, (s, r) ->
                        service.leaveOfflineMessage(s.principal(), r.getLeaveOfflineMessage()))
                .on(BodyCase.LIST_OFFLINE_MESSAGES, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfflineMessages(service.offlineMessages(s.principal(),
                                r.getListOfflineMessages().getOfficeHourId(),
                                r.getListOfflineMessages().getIncludeHandled()))))
                .onAck(BodyCase.HANDLE_OFFLINE_MESSAGE, (s, r) -> service.handleOfflineMessage(s.principal(),
                        r.getHandleOfflineMessage().getOfflineMessageId()))
                .on(BodyCase.GET_STATISTICS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setStatistics(service.statistics(s.principal(), r.getGetStatistics()))));
    }

    private HelloOk hello(ClientSession session) {
        return HelloOk.newBuilder()
                .addAllActive(service.activeItems(session.principal()))
                .addAllOnDutyOfficeHourIds(service.onDutyOfficeHourIds(session.principal()))
                .build();
    }

    private void join(ClientSession session, ClientMessage request) {
        JoinQueueResult result = service.join(session.principal(), request.getJoinQueue());
        if (result.getAdmitted()) {
            String officeHourId = result.getStatus().getOfficeHourId();
            presence.connect(queueKey(result.getStatus().getQueueEntryId()), session.principal().id(),
                    session.connectionId());
            broadcaster.toldClient(session, result.getStatus());
            broadcaster.trackClient(session, officeHourId, result.getStatus().getQueueEntryId());
        }
        reply(session, request, ServerMessage.newBuilder().setJoinQueueResult(result));
    }

    private void setDuty(ClientSession session, ClientMessage request) {
        String officeHourId = request.getSetDuty().getOfficeHourId();
        service.setDuty(session.principal(), officeHourId, request.getSetDuty().getOnDuty());
        String id = service.requireOversee(session.principal(), officeHourId).getId();
        for (ClientSession own : hub.sessions().ofPrincipal(session.principal().id())) {
            if (request.getSetDuty().getOnDuty()) {
                broadcaster.watch(own, id);
            } else {
                broadcaster.unwatch(own, id);
            }
        }
        if (!hub.sessions().ofPrincipal(session.principal().id()).contains(session)) {
            broadcaster.watch(session, id);
        }
    }

    private void watchQueue(ClientSession session, ClientMessage request) {
        String id = service.requireOversee(session.principal(), request.getWatchQueue().getOfficeHourId()).getId();
        if (request.getWatchQueue().getWatch()) {
            broadcaster.watch(session, id);
        } else {
            broadcaster.unwatch(session, id);
        }
    }

    private void quickExit(ClientSession session, ClientMessage request) {
        service.quickExit(session.principal());
        reply(session, request, ServerMessage.newBuilder().setAck(nl.spreekuur.protocol.v1.Ack.getDefaultInstance()));
        for (ClientSession own : hub.sessions().ofTokenSession(session.principal().sessionId())) {
            own.close(CloseCodes.NORMAL, "quick exit");
        }
        session.close(CloseCodes.NORMAL, "quick exit");
    }

    @Override
    public void connectionOpened(ClientSession session) {
        Principal principal = session.principal();
        if (principal.isAnonymous()) {
            for (Queue.Entry entry : service.store().queue().activeOf(principal.id())) {
                presence.connect(queueKey(entry.id()), principal.id(), session.connectionId());
                if (entry.disconnectedAt() != null) {
                    service.store().queue().setDisconnectedAt(entry.id(), null);
                    service.changed(entry.officeHourId());
                }
                broadcaster.trackClient(session, entry.officeHourId(), entry.id());
                broadcaster.schedule(entry.officeHourId());
            }
        } else {
            staffPresence.connected(principal.id(), session.connectionId());
            for (String officeHourId : service.onDutyOfficeHourIds(principal)) {
                broadcaster.watch(session, officeHourId);
            }
        }
    }

    @Override
    public void connectionClosed(ClientSession session) {
        Principal principal = session.principal();
        broadcaster.connectionClosed(session);
        if (principal.isAnonymous()) {
            for (Queue.Entry entry : service.store().queue().activeOf(principal.id())) {
                if (presence.disconnect(queueKey(entry.id()), principal.id(), session.connectionId())) {
                    service.store().queue().setDisconnectedAt(entry.id(), service.clock().instant());
                    service.changed(entry.officeHourId());
                }
            }
        } else {
            staffPresence.disconnected(principal.id(), session.connectionId());
        }
    }

    private static String queueKey(String entryId) {
        return "queue:" + entryId;
    }

    private static void reply(ClientSession session, ClientMessage request, ServerMessage.Builder message) {
        session.send(message.setRequestId(request.getRequestId()).build());
    }
}
