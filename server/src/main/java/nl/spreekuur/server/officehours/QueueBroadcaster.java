package nl.spreekuur.server.officehours;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ChannelHandler;
import nl.spreekuur.server.session.Channels;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.EncodedMessage;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.store.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's connections up to date about office hours they care about. When an office hour's channel is
 * published (by any node), the queue view is recomputed once, encoded once and sent to every local professional
 * on duty or watching; each local waiting client gets its own QueueStatus when its position or estimate changed.
 *
 * <p>Recomputations are coalesced per office hour and run off the broker thread, because they read the store.
 */
final class QueueBroadcaster implements ChannelHandler {
    private static final Logger log = LoggerFactory.getLogger(QueueBroadcaster.class);

    private final OfficeHoursService service;
    private final Hub hub;
    private final Executor executor;
    private final Map<String, Set<ClientSession>> watchers = new ConcurrentHashMap<>();
    // office hour -> client connection -> queue entry id
    private final Map<String, Map<ClientSession, String>> clients = new ConcurrentHashMap<>();
    private final Map<ClientSession, QueueStatus> lastStatus = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    QueueBroadcaster(OfficeHoursService service, Hub hub, Executor executor) {
        this.service = service;
        this.hub = hub;
        this.executor = executor;
    }

    void watch(ClientSession session, String officeHourId) {
        if (watchers.computeIfAbsent(officeHourId, k -> ConcurrentHashMap.newKeySet()).add(session)) {
            hub.interest(Channels.officeHour(officeHourId));
        }
        schedule(officeHourId);
    }

    void unwatch(ClientSession session, String officeHourId) {
        Set<ClientSession> set = watchers.get(officeHourId);
        if (set != null && set.remove(session)) {
            hub.release(Channels.officeHour(officeHourId));
        }
    }

    void trackClient(ClientSession session, String officeHourId, String entryId) {
        if (clients.computeIfAbsent(officeHourId, k -> new ConcurrentHashMap<>()).put(session, entryId) == null) {
            hub.interest(Channels.officeHour(officeHourId));
        }
    }

    /** Remembers what the client was just told (e.g. in JoinQueueResult), so it is not pushed again. */
    void toldClient(ClientSession session, QueueStatus status) {
        lastStatus.put(session, status);
    }

    void connectionClosed(ClientSession session) {
        watchers.forEach((officeHourId, set) -> {
            if (set.remove(session)) {
                hub.release(Channels.officeHour(officeHourId));
            }
        });
        clients.forEach((officeHourId, map) -> {
            if (map.remove(session) != null) {
                hub.release(Channels.officeHour(officeHourId));
            }
        });
        lastStatus.remove(session);
    }

    @Override
    public void onPublication(String channel, byte[] payload) {
        schedule(channel.substring(Channels.OFFICE_HOUR_PREFIX.length()));
    }

    @Override
    public void onBrokerReconnected() {
        watchers.keySet().forEach(this::schedule);
        clients.keySet().forEach(this::schedule);
    }

    void schedule(String officeHourId) {
        if (pending.add(officeHourId)) {
            executor.execute(() -> {
                pending.remove(officeHourId);
                try {
                    refresh(officeHourId);
                } catch (RuntimeException e) {
                    log.warn("queue refresh of office hour {} failed: {}", officeHourId, e.toString());
                }
            });
        }
    }

    private void refresh(String officeHourId) {
        Set<ClientSession> staff = watchers.getOrDefault(officeHourId, Set.of());
        Map<ClientSession, String> waitingClients = clients.getOrDefault(officeHourId, Map.of());
        if (staff.isEmpty() && waitingClients.isEmpty()) {
            return;
        }
        Optional<OfficeHourSnapshot> snapshot = service.snapshot(officeHourId);
        if (snapshot.isEmpty()) {
            return;
        }
        if (!staff.isEmpty()) {
            EncodedMessage view = EncodedMessage.of(ServerMessage.newBuilder()
                    .setQueueView(service.queueView(snapshot.get())).build());
            staff.forEach(s -> s.send(view));
        }
        waitingClients.forEach((session, entryId) -> {
            Optional<Queue.Entry> entry = service.store().queue().byId(entryId);
            if (entry.isEmpty()) {
                untrack(officeHourId, session);
                return;
            }
            QueueStatus status = service.queueStatus(snapshot.get(), entry.get());
            if (!status.equals(lastStatus.get(session))) {
                lastStatus.put(session, status);
                session.send(ServerMessage.newBuilder().setQueueStatus(status).build());
            }
            if (status.getState() != QueueState.WAITING && status.getState() != QueueState.IN_CHAT) {
                untrack(officeHourId, session);
            }
        });
    }

    private void untrack(String officeHourId, ClientSession session) {
        Map<ClientSession, String> map = clients.get(officeHourId);
        if (map != null && map.remove(session) != null) {
            hub.release(Channels.officeHour(officeHourId));
            lastStatus.remove(session);
        }
    }
}
