package nl.spreekuur.server.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key, its default and what it means. The environment variable of a key is derived from its
 * name (upper case, dots and dashes become underscores, prefixed with {@code SPREEKUUR_}), e.g.
 * {@code ws.max-frame-bytes} is {@code SPREEKUUR_WS_MAX_FRAME_BYTES}.
 *
 * <p>Durations given in seconds accept fractions ("0.5") so tests can use short timeouts.
 */
public enum ConfigKey {
    BIND("bind", "0.0.0.0", "address to listen on; 0.0.0.0 = all interfaces"),
    PORT("port", "8080", "TCP port for HTTP and WebSocket; 0 = any free port"),
    DATA_DIR("data-dir", "./data", "directory of the embedded database (used when store.url is empty)"),
    STORE_URL("store.url", "", "JDBC URL of the store; empty = embedded H2 in data-dir. "
            + "Use jdbc:postgresql://host/db for several nodes"),
    STORE_USER("store.user", "", "database user"),
    STORE_PASSWORD("store.password", "", "database password"),
    STORE_POOL_SIZE("store.pool-size", "10", "database connections in the pool"),
    BROKER("broker", "memory", "memory (one node) or redis (several nodes)"),
    REDIS_URL("redis.url", "redis://127.0.0.1:6379", "Redis URL, used when broker=redis"),
    WS_MAX_FRAME_BYTES("ws.max-frame-bytes", "65536", "largest accepted WebSocket message; larger closes with 1009"),
    WS_HELLO_TIMEOUT_SECONDS("ws.hello-timeout-seconds", "5", "the first frame (Hello) must arrive within this"),
    WS_HEARTBEAT_SECONDS("ws.heartbeat-seconds", "20", "the server pings every connection this often"),
    WS_IDLE_TIMEOUT_SECONDS("ws.idle-timeout-seconds", "60",
            "nothing received (not even a pong) for this long closes the connection with 4002"),
    OUTBOX_MAX_MESSAGES("outbox.max-messages", "1024",
            "messages waiting for a slow connection before it is closed with 4001"),
    OUTBOX_MAX_BYTES("outbox.max-bytes", "4194304",
            "bytes waiting for a slow connection before it is closed with 4001"),
    RATE_MESSAGES_PER_SECOND("rate.messages-per-second", "20", "sustained messages per second per connection"),
    RATE_BURST("rate.burst", "40", "messages a connection may send at once before rate limiting starts"),
    SESSION_STAFF_TTL_MINUTES("session.staff-ttl-minutes", "720", "lifetime of a staff login token"),
    SESSION_ANONYMOUS_TTL_MINUTES("session.anonymous-ttl-minutes", "1440", "lifetime of an anonymous client token"),
    PUBLIC_URL("public-url", "", "the URL users reach this server at (for links); empty = http://localhost:PORT/"),
    HTTP_MAX_BODY_BYTES("http.max-body-bytes", "65536", "largest accepted REST request body; larger gets 413"),
    APP_THREADS("app.threads", "0", "threads that run services (they may block on the store); 0 = 4 x CPUs"),
    SHUTDOWN_GRACE_SECONDS("shutdown.grace-seconds", "5",
            "on stop, how long sockets get to finish their close handshake"),
    WEB_EXIT_URL("web.exit-url", "https://www.google.nl/",
            "where the quick-exit button (\"Snel weg\") sends clients: an http(s) URL or a path on this server");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code ws.max-frame-bytes} → {@code SPREEKUUR_WS_MAX_FRAME_BYTES}. */
    public String environmentVariable() {
        return "SPREEKUUR_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
