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
    OFFICEHOURS_LONG_QUEUE_LENGTH("officehours.long-queue-length", "20",
            "from this many waiting clients on, a waiting client who was never served keeps their place after a "
                    + "dropped connection only for officehours.long-queue-grace-seconds"),
    OFFICEHOURS_LONG_QUEUE_GRACE_SECONDS("officehours.long-queue-grace-seconds", "30",
            "the shorter reconnect grace of never-served waiting clients while the queue is long"),
    AUTH_STAFF_REVALIDATE_SECONDS("auth.staff-revalidate-seconds", "1800",
            "every open staff socket is checked against the store this often: session still valid, account not "
                    + "disabled, roles unchanged; otherwise the session is revoked (1008)"),
    TLS_CERT_FILE("tls.cert-file", "",
            "certificate chain (PEM) for HTTPS/WSS on the server's port; empty = plain HTTP (e.g. behind a TLS proxy)"),
    TLS_KEY_FILE("tls.key-file", "", "private key (PEM, PKCS#8) of tls.cert-file"),
    TLS_RELOAD_SECONDS("tls.reload-seconds", "60",
            "how often the certificate and key files are checked; a change is used for new connections"),
    STORE_KEY_FILE("store.key-file", "",
            "key file of the embedded store's encryption, also signing anonymous tokens and sealing TOTP secrets "
                    + "(created on first start, 0600; the same file on every node); must lie outside data-dir; "
                    + "empty = <data-dir>.key next to the data directory"),
    STORE_COMPACT_AFTER_PURGE("store.compact-after-purge", "true",
            "embedded store: after retention deleted content, rebuild the database file from its live rows so the "
                    + "deleted rows are in no file any more (the store pauses meanwhile)"),
    STORE_COMPACT_MIN_INTERVAL_MINUTES("store.compact-min-interval-minutes", "60",
            "embedded store: at most one compaction per this many minutes; a purge in between is compacted when "
                    + "the interval has passed"),
    STORE_COMPACT_DEAD_SPACE_PERCENT("store.compact-dead-space-percent", "60",
            "embedded store: also compact when at least this share of the database file is dead space and no message "
                    + "was stored for store.compact-dead-space-quiet-minutes (0 = never; 1-99)"),
    STORE_COMPACT_DEAD_SPACE_QUIET_MINUTES("store.compact-dead-space-quiet-minutes", "15",
            "embedded store: how long no message must have been stored before a compaction for dead space (0-1440)"),
    STORE_COMPACT_DEAD_SPACE_MIN_MB("store.compact-dead-space-min-mb", "64",
            "embedded store: a file smaller than this many MB is never compacted for its dead space"),
    BROKER("broker", "memory", "memory (one node) or redis (several nodes)"),
    REDIS_URL("redis.url", "redis://127.0.0.1:6379",
            "Redis URL, used when broker=redis: redis://[:password@]host:port[/database], rediss:// for TLS"),
    REDIS_CLUSTER("redis.cluster", "false",
            "true: redis.url names seed nodes of a Redis Cluster (redis://host:port[,host:port...]); pub/sub is then "
                    + "sharded (SPUBLISH/SSUBSCRIBE)"),
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
    OFFICEHOURS_STAFF_OFF_DUTY_GRACE_SECONDS("officehours.staff-off-duty-grace-seconds", "600",
            "a professional on duty without any connection for this long goes off duty (0-3600); "
                    + "longer than a browser restart and a new login, short enough that clients do not wait in vain"),
    OFFICEHOURS_MINIMUM_CHAT_MINUTES("officehours.minimum-chat-minutes", "5",
            "a client is only admitted (and not warned) when the expected wait leaves at least this much chat "
                    + "time before closing (0-240)"),
    OFFICEHOURS_PICK_UP_SECONDS("officehours.pick-up-seconds", "60",
            "the wait estimate assumes a professional with a free slot takes this long to claim a client (0-3600)"),
    JOBS_INTERVAL_SECONDS("jobs.interval-seconds", "5",
            "how often time-driven work runs: staff off-duty grace, closing time, retention (0.1-300); "
                    + "the periods above take effect up to this much later"),
    // effect measurement (issue 15)
    EFFECTS_JOB_INTERVAL_MINUTES("effects.job-interval-minutes", "15",
            "how often the effects job recomputes the aggregate figures (1-1440); reports show figures up to this old"),
    EFFECTS_RECOMPUTE_DAYS("effects.recompute-days", "3",
            "each run recomputes every day, week, month and quarter that overlaps this many last days (1-92)"),
    RETENTION_SESSION_DAYS("retention.session-days", "1",
            "an expired or revoked (e.g. logged-out) session record is deleted this long after it ended (1-365)"),
    RETENTION_AUDIT_DAYS("retention.audit-days", "365",
            "audit log entries older than this are deleted (1-3650)"),
    WEB_EXIT_URL("web.exit-url", "https://www.google.nl/",
            "where the quick-exit button (\"Snel weg\") sends clients: an http(s) URL or a path on this server"),
    AUTH_PASSWORD_THREADS("auth.password-threads", "1",
            "threads that run Argon2 password checks, apart from every other pool (1-64)"),
    AUTH_PASSWORD_QUEUE("auth.password-queue", "8",
            "password checks that may wait for a free password thread (0-10000); beyond it /api/login answers "
                    + "429 with Retry-After"),
    LOGIN_ADDRESS_BURST("login.address-burst", "10",
            "login attempts one client address may make at once (1-100000)"),
    LOGIN_ADDRESS_PER_MINUTE("login.address-per-minute", "10",
            "login attempts per minute one client address may make, sustained; more get 429 with Retry-After"),
    LOGIN_FREE_FAILURES("login.free-failures", "3",
            "wrong passwords for one account before its back-off starts (1-1000)"),
    LOGIN_BACKOFF_BASE_SECONDS("login.backoff-base-seconds", "1",
            "the first back-off of an account after login.free-failures wrong passwords; it doubles with every "
                    + "further failure"),
    LOGIN_BACKOFF_MAX_SECONDS("login.backoff-max-seconds", "900", "the longest back-off of one account"),
    LIMITS_CONNECTIONS_PER_ADDRESS("limits.connections-per-address", "64",
            "open TCP connections from one client address (HTTP and WebSocket); more are closed at once "
                    + "(1-1000000); addresses in http.trusted-proxies are exempt"),
    LIMITS_SOCKETS_PER_TOKEN("limits.sockets-per-token", "16",
            "WebSockets authenticated with one token at the same time on this node; a further Hello is closed "
                    + "with 4004 (1-10000)"),
    LIMITS_SOCKETS_AWAITING_HELLO("limits.sockets-awaiting-hello", "1000",
            "WebSockets of this node that are upgraded but have not completed Hello; further upgrades get 503 "
                    + "with Retry-After (1-1000000)"),
    HTTP_REQUEST_TIMEOUT_SECONDS("http.request-timeout-seconds", "10",
            "a request (head and body) must arrive completely within this after the connection opened or the "
                    + "previous answer was sent; else the connection is closed (with 408 when part of a request had arrived)"),
    WS_CHECK_ORIGIN("ws.check-origin", "true",
            "true: a WebSocket upgrade must carry an Origin of public-url or ws.allowed-origins (exact match), "
                    + "else 403; false: no Origin check (only for deployments whose clients are native apps)"),
    WS_ALLOWED_ORIGINS("ws.allowed-origins", "",
            "further origins allowed on /ws besides public-url's, comma separated, e.g. https://chat.example.nl"),
    HTTP_TRUSTED_PROXIES("http.trusted-proxies", "",
            "IP addresses of reverse proxies whose X-Forwarded-For names the client address, comma separated; "
                    + "from any other peer the header is ignored"),
    ANONYMOUS_ADDRESS_BURST("anonymous.address-burst", "20",
            "anonymous sessions (/api/anonymous) one client address may create at once (1-100000)"),
    ANONYMOUS_ADDRESS_PER_MINUTE("anonymous.address-per-minute", "10",
            "anonymous sessions per minute one client address may create, sustained; more get 429"),
    ANONYMOUS_POW_BITS("anonymous.pow-bits", "16",
            "proof of work asked of new anonymous sessions under pressure: leading zero bits of SHA-256 (0-24; 0 = never)"),
    ANONYMOUS_POW_ABOVE_PER_MINUTE("anonymous.pow-above-per-minute", "300",
            "an organisation is under pressure when this node created more anonymous sessions for it in the last "
                    + "minute; new ones then need a proof of work (0 = always)"),
    OFFICEHOURS_JOIN_ADDRESS_BURST("officehours.join-address-burst", "10",
            "queue joins one client address may make at once (1-100000)"),
    OFFICEHOURS_JOIN_ADDRESS_PER_MINUTE("officehours.join-address-per-minute", "5",
            "queue joins per minute one client address may make, sustained; more are refused with RATE_LIMITED"),
    OFFICEHOURS_OFFLINE_ADDRESS_BURST("officehours.offline-address-burst", "5",
            "offline messages one client address may leave at once (1-100000)"),
    OFFICEHOURS_OFFLINE_ADDRESS_PER_MINUTE("officehours.offline-address-per-minute", "1",
            "offline messages per minute one client address may leave, sustained; more are refused with "
                    + "RATE_LIMITED"),
    OFFICEHOURS_MAX_WAITING_PER_ADDRESS("officehours.max-waiting-per-address", "5",
            "waiting places one client address may hold in one office hour's queue (1-100000); more are "
                    + "refused with QUEUE_FULL"),
    OFFICEHOURS_MAX_QUEUE_LENGTH("officehours.max-queue-length", "100",
            "waiting places in one office hour's queue (1-100000); more are refused with QUEUE_FULL"),
    // --- video calls (calls capability) ---
    CALLS_MAX_PARTICIPANTS("calls.max-participants", "6",
            "participants in one call at once (lobby, admitted, connected) (2-16); media is a full mesh, so every "
                    + "participant sends to every other one: more than 6 overloads phones and home uplinks"),
    CALLS_RING_TIMEOUT_SECONDS("calls.ring-timeout-seconds", "30",
            "an invitation to a call that is not answered within this is timed out (5-300)"),
    CALLS_STUN_URLS("calls.stun-urls", "",
            "STUN URLs handed to call participants, comma separated (e.g. stun:turn.example.nl:3478); empty = the "
                    + "embedded STUN responder's, stun:<host of public-url>:<calls.stun-port>"),
    CALLS_TURN_URLS("calls.turn-urls", "",
            "TURN URLs handed to call participants with time-limited credentials, comma separated (e.g. "
                    + "turn:turn.example.nl:3478?transport=udp,turn:turn.example.nl:3478?transport=tcp,"
                    + "turns:turn.example.nl:443?transport=tcp); empty = no TURN"),
    CALLS_TURN_SECRET("calls.turn-secret", "",
            "the shared secret of the TURN server (coturn: use-auth-secret, static-auth-secret); required with "
                    + "calls.turn-urls; never logged"),
    CALLS_TURN_TTL_SECONDS("calls.turn-ttl-seconds", "600",
            "how long TURN credentials stay valid (60-86400); participants in a call get fresh ones before they expire"),
    CALLS_STUN_PORT("calls.stun-port", "3478",
            "UDP port of the embedded STUN responder (answers Binding requests, RFC 5389) on the bind address; "
                    + "0 = off"),
    CALLS_CONSULT_LINK_ADDRESS_BURST("calls.consult-link-address-burst", "20",
            "consult link look-ups and joins (GET /api/public/consults/{code}, POST /api/consults/join) one client "
                    + "address may make at once (1-100000)"),
    CALLS_CONSULT_LINK_ADDRESS_PER_MINUTE("calls.consult-link-address-per-minute", "10",
            "consult link look-ups and joins per minute one client address may make, sustained; more get 429 "
                    + "RATE_LIMITED"),
    // group rooms (issue 10)
    ROOMS_DECIDED_KNOCK_RETENTION_DAYS("rooms.decided-knock-retention-days", "30",
            "an approved or refused knock (the knocker's nickname) is deleted this long after it was decided "
                    + "(1-3650); pending knocks are kept until a moderator decides"),
    ROOMS_ENDED_TALK_RETENTION_DAYS("rooms.ended-talk-retention-days", "90",
            "an ended private talk (its conversation with messages and participants, and the talk's row) is deleted "
                    + "this long after it ended (1-3650)"),
    ROOMS_CONCERN_RETENTION_DAYS("rooms.concern-retention-days", "365",
            "a closed safeguarding concern (Meldcode step 5 recorded, or the member left the room) is deleted this "
                    + "long after its last change or the member's leaving, whichever is later (1-7300)"),
    ROOMS_KNOCK_ADDRESS_BURST("rooms.knock-address-burst", "20",
            "knock page look-ups and knocks (GET /api/public/knock/{code}, POST /api/rooms/knock) one client "
                    + "address may make at once (1-100000)"),
    ROOMS_KNOCK_ADDRESS_PER_MINUTE("rooms.knock-address-per-minute", "10",
            "knock page look-ups and knocks per minute one client address may make, sustained; more get 429 "
                    + "RATE_LIMITED"),
    JVM_MAX_HEAP("jvm.max-heap", "512m",
            "maximum Java heap (-Xmx) that bin/spreekuur starts the JVM with; read by the script from the environment "
                    + "only (it applies before the JVM starts, so a config file or --set cannot change it)"),
    JVM_PROFILE("jvm.profile", "idle",
            "the heap settings bin/spreekuur starts the JVM with: idle (many mostly idle sockets, least memory) or "
                    + "busy (many busy chats: bigger initial heap and young generation); read by the script from the "
                    + "environment only, like jvm.max-heap");

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
