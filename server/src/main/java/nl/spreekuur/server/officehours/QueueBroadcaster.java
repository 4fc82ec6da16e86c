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
import nl.spreekuur.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's connections up to date about office hours they care about. When an office hour's channel is
 * published (by any node), the queue view is recomputed once, encoded once and sent to every local professional
 * on duty or watching; each local waiting client gets its own QueueStatus when its position or estimate changed.
 *
 * <p>Recomputations are coalesced per office hour and run off the broker thread, because they read the store.
 * Recomputations of one office hour never overlap, so a push computed from an older state never follows a newer
 * one.
 */
final class QueueBroadcaster implements ChannelHandler {
    private static final Logger log = LoggerFactory.getLogger(QueueBroadcaster.class);

    /** One client connection following one queue entry (a client may queue in several office hours). */
    private record Follower(ClientSession session, String entryId) {
    }

    private final OfficeHourViews views;
    private final Store store;
    private final Hub hub;
    private final Executor executor;
    private final Map<String, Set<ClientSession>> watchers = new ConcurrentHashMap<>();
    // office hour -> client connections following an entry of it
    private final Map<String, Set<Follower>> clients = new ConcurrentHashMap<>();
    private final Map<Follower, QueueStatus> lastStatus = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> refreshLocks = new ConcurrentHashMap<>();

    QueueBroadcaster(OfficeHourViews views, Store store, Hub hub, Executor executor) {
        this.views = views;
        this.store = store;
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

    /** The connection follows the entry: it gets a QueueStatus whenever the entry's position or state changes. */
    void trackClient(ClientSession session, String officeHourId, String entryId) {
        if (clients.computeIfAbsent(officeHourId, k -> ConcurrentHashMap.newKeySet())
                .add(new Follower(session, entryId))) {
            hub.interest(Channels.officeHour(officeHourId));
        }
    }

    /** Remembers what the client was just told (e.g. in JoinQueueResult), so it is not pushed again. */
    void toldClient(ClientSession session, QueueStatus status) {
        lastStatus.put(new Follower(session, status.getQueueEntryId()), status);
    }

    void connectionClosed(ClientSession session) {
        watchers.forEach((officeHourId, set) -> {
            if (set.remove(session)) {
                hub.release(Channels.officeHour(officeHourId));
            }
        });
        clients.forEach((officeHourId, followers) -> followers.stream().filter(f -> f.session() == session)
                .toList().forEach(f -> untrack(officeHourId, f)));
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
                synchronized (refreshLocks.computeIfAbsent(officeHourId, k -> new Object())) {
                    pending.remove(officeHourId);
                    try {
                        refresh(officeHourId);
                    } catch (RuntimeException e) {
                        log.warn("queue refresh of office hour {} failed: {}", officeHourId, e.toString());
                    }
                }
            });
        }
    }

    private void refresh(String officeHourId) {
        Set<ClientSession> staff = watchers.getOrDefault(officeHourId, Set.of());
        Set<Follower> followers = clients.getOrDefault(officeHourId, Set.of());
        if (staff.isEmpty() && followers.isEmpty()) {
            return;
        }
        Optional<OfficeHourSnapshot> snapshot = views.snapshot(officeHourId);
        if (snapshot.isEmpty()) {
            return;
        }
        if (!staff.isEmpty()) {
            EncodedMessage view = EncodedMessage.of(ServerMessage.newBuilder()
                    .setQueueView(views.queueView(snapshot.get())).build());
            staff.forEach(s -> s.send(view));
        }
        for (Follower follower : followers) {
            Optional<Queue.Entry> entry = current(snapshot.get(), follower.entryId());
            if (entry.isEmpty()) {
                untrack(officeHourId, follower);
                continue;
            }
            if (entry.get().state() == QueueState.WAITING && snapshot.get().waiting().positionOf(entry.get().id())
                    .isEmpty()) {
                // Waiting again since the snapshot was read (back from a transfer): the refresh its change
                // scheduled will tell the right position.
                continue;
            }
            QueueStatus status = views.queueStatus(snapshot.get(), entry.get());
            if (!status.equals(lastStatus.put(follower, status))) {
                follower.session().send(ServerMessage.newBuilder().setQueueStatus(status).build());
            }
            if (status.getState() != QueueState.WAITING && status.getState() != QueueState.IN_CHAT) {
                untrack(officeHourId, follower);
            }
        }
    }

    /** The entry as the snapshot saw it while waiting (consistent with the positions), else as stored now. */
    private Optional<Queue.Entry> current(OfficeHourSnapshot snapshot, String entryId) {
        return snapshot.waiting().entry(entryId).or(() -> store.queue().byId(entryId));
    }

    private void untrack(String officeHourId, Follower follower) {
        Set<Follower> followers = clients.get(officeHourId);
        if (followers != null && followers.remove(follower)) {
            hub.release(Channels.officeHour(officeHourId));
        }
        lastStatus.remove(follower);
    }
}
