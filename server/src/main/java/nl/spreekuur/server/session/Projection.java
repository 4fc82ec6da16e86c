package nl.spreekuur.server.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's watchers of some shared state up to date: an office hour's queue today, a room list or a call
 * lobby tomorrow. The one reusable shape for node-local fan-out of state that is <i>recomputed</i> rather than
 * streamed (streams of events go through {@link ConversationSubscription}).
 *
 * <p>Each key (e.g. an office hour id) is a broker channel {@code prefix + key}. A change anywhere publishes
 * {@link #changed} (an empty notice; the truth is in the store); every node with local watchers of that key then
 * calls the {@link Refresh} once for all of them. Broker interest is taken while a key has watchers and released
 * after the last one. Refreshes are coalesced per key (notices that arrive while one is pending are folded into it)
 * and run on the given executor, never on the broker thread; refreshes of one key never overlap, so a view computed
 * from older state never follows a newer one. After a broker outage every watched key is refreshed.
 *
 * @param <W> what a watcher is (a connection, or a connection with what it follows)
 */
public final class Projection<W> implements ChannelHandler {
    private static final Logger log = LoggerFactory.getLogger(Projection.class);
    private static final byte[] NOTICE = new byte[0];

    /** Recomputes what the key's watchers see and sends it to them. May read the store. */
    @FunctionalInterface
    public interface Refresh<W> {
        void refresh(String key, Set<W> watchers);
    }

    private final Hub hub;
    private final String prefix;
    private final Executor executor;
    private final Refresh<W> refresh;
    private final Map<String, Set<W>> watchers = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> refreshLocks = new ConcurrentHashMap<>();

    Projection(Hub hub, String prefix, Executor executor, Refresh<W> refresh) {
        this.hub = hub;
        this.prefix = prefix;
        this.executor = executor;
        this.refresh = refresh;
    }

    /** Adds a watcher of the key; returns false if it was already there. Does not refresh by itself. */
    public boolean add(String key, W watcher) {
        boolean added = watchers.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(watcher);
        if (added) {
            hub.interest(channel(key));
        }
        return added;
    }

    /** Removes a watcher of the key; returns false if it was not there. */
    public boolean remove(String key, W watcher) {
        boolean[] removed = {false};
        watchers.computeIfPresent(key, (k, set) -> {
            removed[0] = set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            hub.release(channel(key));
        }
        return removed[0];
    }

    /** The key's current watchers (a snapshot). */
    public Set<W> watchers(String key) {
        Set<W> set = watchers.get(key);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    /** Tells every node (this one included) that the key's state changed. */
    public void changed(String key) {
        hub.publishRaw(channel(key), NOTICE);
    }

    /** Refreshes the key's local watchers soon (coalesced with any refresh already pending). */
    public void schedule(String key) {
        if (!pending.add(key)) {
            return;
        }
        try {
            executor.execute(() -> runRefresh(key));
        } catch (RejectedExecutionException stopping) {
            pending.remove(key);
        }
    }

    private void runRefresh(String key) {
        synchronized (refreshLocks.computeIfAbsent(key, k -> new Object())) {
            pending.remove(key);
            Set<W> current = watchers(key);
            if (current.isEmpty()) {
                return;
            }
            try {
                refresh.refresh(key, current);
            } catch (RuntimeException e) {
                log.warn("refresh of {}{} failed: {}", prefix, key, e.getClass().getName());
            }
        }
    }

    @Override
    public void onPublication(String channel, byte[] payload) {
        schedule(channel.substring(prefix.length()));
    }

    @Override
    public void onBrokerReconnected() {
        watchers.keySet().forEach(this::schedule);
    }

    private String channel(String key) {
        return prefix + key;
    }
}
