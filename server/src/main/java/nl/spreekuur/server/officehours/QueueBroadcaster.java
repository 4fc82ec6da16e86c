package nl.spreekuur.server.officehours;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.EncodedMessage;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.Projection;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Store;

/**
 * Keeps this node's connections up to date about office hours they care about, as a {@link Projection} of the
 * office hour's channel: when any node publishes a change, the queue view is recomputed once, encoded once and sent
 * to every local professional on duty or watching; each local waiting client gets its own QueueStatus when its
 * position or estimate changed. Coalescing, ordering and broker interest are the projection's.
 */
final class QueueBroadcaster {
    /** The office-hour capability's broker channels: {@code oh:<officeHourId>}, with an empty payload. */
    static final String CHANNEL_PREFIX = "oh:";

    /** Who on this node watches an office hour. */
    private sealed interface Watcher permits Staff, Follower {
        ClientSession session();
    }

    /** A professional's connection: gets the whole queue view. */
    private record Staff(ClientSession session) implements Watcher {
    }

    /** One client connection following one queue entry (a client may queue in several office hours). */
    private record Follower(ClientSession session, String entryId) implements Watcher {
    }

    /** A watcher of an office hour, as the connection's own list remembers it. */
    private record Watching(String officeHourId, Watcher watcher) {
    }

    /** The connection's state key of what it watches here, so a close removes exactly that. */
    private static final String WATCHING = "officehours.watching";

    private final OfficeHourViews views;
    private final Store store;
    private final Projection<Watcher> projection;
    private final Map<Follower, QueueStatus> lastStatus = new ConcurrentHashMap<>();

    QueueBroadcaster(OfficeHourViews views, Store store, Hub hub, Executor executor) {
        this.views = views;
        this.store = store;
        this.projection = hub.projection(CHANNEL_PREFIX, executor, this::refresh);
    }

    void watch(ClientSession session, String officeHourId) {
        add(officeHourId, new Staff(session));
        schedule(officeHourId);
    }

    void unwatch(ClientSession session, String officeHourId) {
        remove(officeHourId, new Staff(session));
    }

    /** The connection follows the entry: it gets a QueueStatus whenever the entry's position or state changes. */
    void trackClient(ClientSession session, String officeHourId, String entryId) {
        add(officeHourId, new Follower(session, entryId));
    }

    /** Remembers what the client was just told (e.g. in JoinQueueResult), so it is not pushed again. */
    void toldClient(ClientSession session, QueueStatus status) {
        Follower follower = new Follower(session, status.getQueueEntryId());
        watching(session).add(new Watching(status.getOfficeHourId(), follower));
        lastStatus.put(follower, status);
    }

    /** Removes exactly what the connection watched (its own list, not a scan of every office hour's watchers). */
    void connectionClosed(ClientSession session) {
        Set<Watching> watched = session.state().get(WATCHING);
        if (watched == null) {
            return;
        }
        for (Watching w : watched) {
            projection.remove(w.officeHourId(), w.watcher());
            if (w.watcher() instanceof Follower follower) {
                lastStatus.remove(follower);
            }
        }
        session.state().remove(WATCHING);
    }

    private void add(String officeHourId, Watcher watcher) {
        watching(watcher.session()).add(new Watching(officeHourId, watcher));
        projection.add(officeHourId, watcher);
    }

    private void remove(String officeHourId, Watcher watcher) {
        projection.remove(officeHourId, watcher);
        Set<Watching> watched = watcher.session().state().get(WATCHING);
        if (watched != null) {
            watched.remove(new Watching(officeHourId, watcher));
        }
    }

    private static Set<Watching> watching(ClientSession session) {
        return session.state().computeIfAbsent(WATCHING, ConcurrentHashMap::newKeySet);
    }

    /** Tells every node (this one included) that the office hour changed. */
    void changed(String officeHourId) {
        projection.changed(officeHourId);
    }

    void schedule(String officeHourId) {
        projection.schedule(officeHourId);
    }

    private void refresh(String officeHourId, Set<Watcher> watchers) {
        Optional<OfficeHourSnapshot> snapshot = views.snapshot(officeHourId);
        if (snapshot.isEmpty()) {
            return;
        }
        EncodedMessage view = null;
        for (Watcher watcher : watchers) {
            if (watcher instanceof Staff staff) {
                if (view == null) {
                    view = EncodedMessage.of(ServerMessage.newBuilder()
                            .setQueueView(views.queueView(snapshot.get())).build());
                }
                staff.session().send(view);
            } else if (watcher instanceof Follower follower) {
                tell(officeHourId, snapshot.get(), follower);
            }
        }
    }

    private void tell(String officeHourId, OfficeHourSnapshot snapshot, Follower follower) {
        Optional<Queue.Entry> entry = current(snapshot, follower.entryId());
        if (entry.isEmpty()) {
            untrack(officeHourId, follower);
            return;
        }
        if (entry.get().state() == QueueState.WAITING && snapshot.waiting().positionOf(entry.get().id()).isEmpty()) {
            // Waiting again since the snapshot was read (back from a transfer): the refresh its change
            // scheduled will tell the right position.
            return;
        }
        QueueStatus status = views.queueStatus(snapshot, entry.get());
        if (!status.equals(lastStatus.put(follower, status))) {
            follower.session().send(ServerMessage.newBuilder().setQueueStatus(status).build());
        }
        if (status.getState() != QueueState.WAITING && status.getState() != QueueState.IN_CHAT) {
            untrack(officeHourId, follower);
        }
    }

    /** The entry as the snapshot saw it while waiting (consistent with the positions), else as stored now. */
    private Optional<Queue.Entry> current(OfficeHourSnapshot snapshot, String entryId) {
        return snapshot.waiting().entry(entryId).or(() -> store.queue().byId(entryId));
    }

    private void untrack(String officeHourId, Follower follower) {
        remove(officeHourId, follower);
        lastStatus.remove(follower);
    }
}
