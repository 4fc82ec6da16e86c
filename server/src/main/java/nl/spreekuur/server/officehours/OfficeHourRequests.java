package nl.spreekuur.server.officehours;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.session.ConnectionListener;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.session.SessionRevocations;

/**
 * Wires the office-hour requests into the router and keeps per-connection office-hour state: which queues a
 * professional watches, which queue place a client's connection follows, and whether a client is connected at all
 * (its reconnect grace period starts when its last connection goes).
 */
final class OfficeHourRequests implements ConnectionListener {
    /** Session state: the queue entries whose presence this connection holds ({@link #connectPresence}). */
    private static final String PRESENT_IN = "officehours.present-in";

    private final OfficeHoursService service;
    private final QueueBroadcaster broadcaster;
    private final NodePresence presence;
    private final Hub hub;
    private final StaffPresence staffPresence;
    private final SessionRevocations revocations;

    private final QueueFloodGuard flood;

    OfficeHourRequests(OfficeHoursService service, Hub hub, NodePresence presence, QueueBroadcaster broadcaster,
                       StaffPresence staffPresence, SessionRevocations revocations, QueueFloodGuard flood) {
        this.service = service;
        this.flood = flood;
        this.revocations = revocations;
        this.hub = hub;
        this.presence = presence;
        this.staffPresence = staffPresence;
        this.broadcaster = broadcaster;
    }

    void register(RequestRouter router) {
        OfficeHourDefinitions definitions = service.definitions();
        ClientQueue clients = service.clients();
        ProfessionalDesk desk = service.desk();
        ChatControl chats = service.chats();
        OfflineMessageDesk offline = service.offlineMessages();
        router.listen(this)
                .contributeToHello(this::hello)
                .on(BodyCase.LIST_OFFICE_HOURS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfficeHourList(definitions.list(s.principal()))))
                .on(BodyCase.GET_OFFICE_HOUR_STATUS, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfficeHourStatus(definitions.status(s.principal(),
                                r.getGetOfficeHourStatus().getOfficeHourId()))))
                .on(BodyCase.SAVE_OFFICE_HOUR, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfficeHour(definitions.save(s.principal(), r.getSaveOfficeHour().getOfficeHour()))))
                .onAck(BodyCase.DELETE_OFFICE_HOUR, (s, r) ->
                        definitions.delete(s.principal(), r.getDeleteOfficeHour().getOfficeHourId()))
                .on(BodyCase.JOIN_QUEUE, this::join)
                .onAck(BodyCase.UPDATE_FIRST_QUESTION, (s, r) -> clients.updateFirstQuestion(s.principal(),
                        r.getUpdateFirstQuestion().getQueueEntryId(), r.getUpdateFirstQuestion().getFirstQuestion()))
                .onAck(BodyCase.LEAVE_QUEUE, (s, r) ->
                        clients.leave(s.principal(), r.getLeaveQueue().getQueueEntryId()))
                .onAck(BodyCase.SET_DUTY, this::setDuty)
                .onAck(BodyCase.WATCH_QUEUE, this::watchQueue)
                .on(BodyCase.CLAIM_CLIENT, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setChatAssigned(desk.claim(s.principal(), r.getClaimClient()))))
                .onAck(BodyCase.FLAG_URGENT, (s, r) -> desk.flagUrgent(s.principal(),
                        r.getFlagUrgent().getQueueEntryId(), r.getFlagUrgent().getUrgent()))
                .onAck(BodyCase.REMOVE_AS_SPAM, (s, r) -> revocations.revokeById(desk.removeAsSpam(s.principal(),
                        r.getRemoveAsSpam().getQueueEntryId())))
                .onAck(BodyCase.END_CHAT, (s, r) -> chats.end(s.principal(), r.getEndChat().getConversationId(),
                        r.getEndChat().getFollowUp()))
                .onAck(BodyCase.RATE_CHAT, (s, r) -> chats.rate(s.principal(), r.getRateChat().getConversationId(),
                        r.getRateChat().getAnswer()))
                .on(BodyCase.QUICK_EXIT, this::quickExit)
                .onAck(BodyCase.TRANSFER_CHAT, (s, r) -> service.transfers().transfer(s.principal(),
                        r.getTransferChat()))
                .onAck(BodyCase.SUPERVISE, (s, r) -> chats.supervise(s.principal(),
                        r.getSupervise().getConversationId()))
                .onAck(BodyCase.STOP_SUPERVISING, (s, r) ->
                        chats.stopSupervising(s.principal(), r.getStopSupervising().getConversationId()))
                .onAck(BodyCase.SET_TRANSCRIPT_CONSENT, (s, r) -> chats.setTranscriptConsent(s.principal(),
                        r.getSetTranscriptConsent().getConversationId(), r.getSetTranscriptConsent().getConsent()))
                .onAck(BodyCase.LEAVE_OFFLINE_MESSAGE, (s, r) -> {
                    flood.admitOfflineMessage(s.clientAddress());
                    offline.leave(s.principal(), r.getLeaveOfflineMessage());
                })
                .on(BodyCase.LIST_OFFLINE_MESSAGES, (s, r) -> reply(s, r, ServerMessage.newBuilder()
                        .setOfflineMessages(offline.list(s.principal(), r.getListOfflineMessages().getOfficeHourId(),
                                r.getListOfflineMessages().getIncludeHandled()))))
                .onAck(BodyCase.HANDLE_OFFLINE_MESSAGE, (s, r) -> offline.handle(s.principal(),
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

    /** Every connection of the client follows the new place, so closing one of several tabs starts no grace. */
    private void join(ClientSession session, ClientMessage request) {
        flood.admitJoin(session.clientAddress());
        JoinQueueResult result = service.clients().join(session.principal(), request.getJoinQueue(),
                session.clientAddress());
        if (result.getAdmitted()) {
            String officeHourId = result.getStatus().getOfficeHourId();
            String entryId = result.getStatus().getQueueEntryId();
            for (ClientSession own : connectionsOf(session)) {
                connectPresence(own, entryId);
                broadcaster.toldClient(own, result.getStatus());
                broadcaster.trackClient(own, officeHourId, entryId);
            }
        }
        reply(session, request, ServerMessage.newBuilder().setJoinQueueResult(result));
    }

    /** Every connection of the professional receives the queue while they are on duty. */
    private void setDuty(ClientSession session, ClientMessage request) {
        boolean onDuty = request.getSetDuty().getOnDuty();
        String id = service.desk().setDuty(session.principal(), request.getSetDuty().getOfficeHourId(), onDuty);
        for (ClientSession own : connectionsOf(session)) {
            if (onDuty) {
                broadcaster.watch(own, id);
            } else {
                broadcaster.unwatch(own, id);
            }
        }
    }

    private void watchQueue(ClientSession session, ClientMessage request) {
        String id = service.desk().requireOversee(session.principal(), request.getWatchQueue().getOfficeHourId());
        if (request.getWatchQueue().getWatch()) {
            broadcaster.watch(session, id);
        } else {
            broadcaster.unwatch(session, id);
        }
    }

    /**
     * After the Ack every socket of the token closes: the token is revoked and must not be used to resume. This
     * node's sockets close with 1000 "quick exit"; then the revocation is announced as a logout's is, so a tab of
     * the same token on another node closes too (1008). The first close of a socket counts, so the announcement
     * coming back to this node changes nothing here.
     */
    private void quickExit(ClientSession session, ClientMessage request) {
        String tokenSession = session.principal().sessionId();
        service.clients().quickExit(session.principal());
        revocations.store(tokenSession, session.principal().expiresAt());
        reply(session, request, ServerMessage.newBuilder().setAck(Ack.getDefaultInstance()));
        for (ClientSession own : hub.sessions().ofTokenSession(tokenSession)) {
            own.close(CloseCodes.NORMAL, "quick exit");
        }
        session.close(CloseCodes.NORMAL, "quick exit");
        revocations.announce(tokenSession);
    }

    @Override
    public void connectionOpened(ClientSession session) {
        Principal principal = session.principal();
        if (principal.isAnonymous() && !session.startedByHello()) {
            for (Queue.Entry entry : service.clients().connected(principal)) {
                connectPresence(session, entry.id());
                broadcaster.trackClient(session, entry.officeHourId(), entry.id());
                broadcaster.schedule(entry.officeHourId());
            }
        } else if (principal.isStaff()) {
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
            Set<String> present = session.state().get(PRESENT_IN);
            Set<String> lastConnectionGone = new HashSet<>();
            for (String entryId : present == null ? Set.<String>of() : present) {
                if (presence.disconnect(queueKey(entryId), principal.id(), session.connectionId())) {
                    lastConnectionGone.add(entryId);
                }
            }
            // The store is read only when a grace period may start: most connections of clients never had a place.
            if (!lastConnectionGone.isEmpty()) {
                for (Queue.Entry entry : service.clients().activeEntries(principal)) {
                    if (lastConnectionGone.contains(entry.id())) {
                        service.clients().disconnected(entry);
                    }
                }
            }
        } else if (principal.isStaff()) {
            staffPresence.disconnected(principal.id(), session.connectionId());
        }
    }

    /**
     * The connection follows the queue place: it counts as the client's presence there, and it remembers so, so
     * that its close gives back exactly what it took (without reading the store).
     */
    private void connectPresence(ClientSession session, String entryId) {
        session.state().<Set<String>>computeIfAbsent(PRESENT_IN, ConcurrentHashMap::newKeySet).add(entryId);
        presence.connect(queueKey(entryId), session.principal().id(), session.connectionId());
    }

    /** This node's connections of the same person, including this one even before the hub knows it. */
    private Set<ClientSession> connectionsOf(ClientSession session) {
        Set<ClientSession> own = new LinkedHashSet<>(
                hub.sessions().ofPrincipal(session.principal().id()));
        own.add(session);
        return own;
    }

    private static String queueKey(String entryId) {
        return "queue:" + entryId;
    }

    private static void reply(ClientSession session, ClientMessage request, ServerMessage.Builder message) {
        session.send(message.setRequestId(request.getRequestId()).build());
    }
}
