package nl.spreekuur.server.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-connection state that services keep, keyed by a name (e.g. conversation subscriptions). */
public final class SessionState {
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(String key, java.util.function.Supplier<T> create) {
        return (T) values.computeIfAbsent(key, k -> create.get());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) values.get(key);
    }

    public void remove(String key) {
        values.remove(key);
    }
}
