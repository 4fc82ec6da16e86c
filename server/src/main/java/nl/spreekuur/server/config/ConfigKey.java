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
    REDIS_URL("redis.url", "redis://127.0.0.1:6379",
            "Redis URL, used when broker=redis: redis://[:password@]host:port[/database], rediss:// for TLS"),
    REDIS_TIMEOUT_SECONDS("redis.timeout-seconds", "5",
            "a Redis command (publish, subscribe, presence, revocation) that has no answer within this fails"),
    REDIS_CONNECT_TIMEOUT_SECONDS("redis.connect-timeout-seconds", "5", "connecting to Redis gives up after this"),
    REDIS_KEEPALIVE_SECONDS("redis.keepalive-seconds", "15",
            "TCP keepalive on the Redis connections: first probe after this much silence, then every third of it, "
                    + "3 probes; finds a half-open connection (Redis gone without a FIN)"),
    REDIS_TCP_USER_TIMEOUT_SECONDS("redis.tcp-user-timeout-seconds", "30",
            "TCP_USER_TIMEOUT on the Redis connections: data unacknowledged by Redis for this long drops the "
                    + "connection (and Lettuce reconnects)"),
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
    APP_THREADS("app.threads", "0",
            "worker threads that run requests (they may block on the store); 0 = store.pool-size + 2 x CPUs"),
    APP_MAX_IN_FLIGHT("app.max-in-flight", "1024",
            "requests of all connections together handed to the workers and not finished; beyond it the server "
                    + "stops reading the connections that send more, and resumes them in turn"),
    WS_MAX_IN_FLIGHT("ws.max-in-flight", "32",
            "requests of one connection handed to the workers and not finished; at this many the server stops "
                    + "reading the connection until half of them are done"),
    SHUTDOWN_GRACE_SECONDS("shutdown.grace-seconds", "5",
            "on stop, how long sockets get to finish their close handshake"),
    CHAT_MAX_TEXT_CHARS("chat.max-text-chars", "4000",
            "longest chat message (SendMessage text) in characters (1-65536); longer is refused with TOO_LARGE. "
                    + "Keep it below ws.max-frame-bytes / 4, or long messages close the socket with 1009 instead"),
    OFFICEHOURS_NO_CONSENT_GRACE_MINUTES("officehours.no-consent-grace-minutes", "10",
            "a chat transcript without the client's consent stays readable this long after the chat ended "
                    + "(so the client can read the end and the professional can finish the closing note), "
                    + "then its content is deleted (0-1440)"),
    OFFICEHOURS_OFFLINE_MESSAGE_RETENTION_DAYS("officehours.offline-message-retention-days", "30",
            "a handled offline message is deleted this long after it was handled (0-3650); "
                    + "unhandled messages are kept until someone handles them"),
    OFFICEHOURS_ENDED_QUEUE_ENTRY_RETENTION_MINUTES("officehours.ended-queue-entry-retention-minutes", "60",
            "an ended queue entry (nickname, first question) is deleted this long after it ended (0-10080)"),
    OFFICEHOURS_STAFF_OFF_DUTY_GRACE_SECONDS("officehours.staff-off-duty-grace-seconds", "120",
            "a professional on duty without any connection for this long goes off duty (0-3600); "
                    + "longer than a browser reload, short enough that clients do not wait in vain"),
    OFFICEHOURS_MINIMUM_CHAT_MINUTES("officehours.minimum-chat-minutes", "5",
            "a client is only admitted (and not warned) when the expected wait leaves at least this much chat "
                    + "time before closing (0-240)"),
    OFFICEHOURS_PICK_UP_SECONDS("officehours.pick-up-seconds", "60",
            "the wait estimate assumes a professional with a free slot takes this long to claim a client (0-3600)"),
    JOBS_INTERVAL_SECONDS("jobs.interval-seconds", "5",
            "how often time-driven work runs: staff off-duty grace, closing time, retention (0.1-300); "
                    + "the periods above take effect up to this much later"),
    RETENTION_SESSION_DAYS("retention.session-days", "1",
            "an expired or revoked (e.g. logged-out) session record is deleted this long after it ended (1-365)"),
    RETENTION_AUDIT_DAYS("retention.audit-days", "365",
            "audit log entries older than this are deleted (1-3650)"),
    WEB_EXIT_URL("web.exit-url", "https://www.google.nl/",
            "where the quick-exit button (\"Snel weg\") sends clients: an http(s) URL or a path on this server"),
    JVM_MAX_HEAP("jvm.max-heap", "512m",
            "maximum Java heap (-Xmx) that bin/spreekuur starts the JVM with; read by the script from the environment "
                    + "only (it applies before the JVM starts, so a config file or --set cannot change it)");

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
