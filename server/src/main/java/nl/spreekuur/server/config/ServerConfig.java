package nl.spreekuur.server.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The server's settings, immutable. Built from string values keyed by {@link ConfigKey} (see {@link ConfigLoader}
 * for where they come from); every key has a default, so {@code fromValues(Map.of())} is a working config.
 */
public record ServerConfig(
        String bind,
        int port,
        Path dataDir,
        String storeUrl,
        String storeUser,
        String storePassword,
        int storePoolSize,
        Path storeKeyFile,
        BrokerKind broker,
        String redisUrl,
        boolean redisCluster,
        Duration redisTimeout,
        Duration redisConnectTimeout,
        Duration redisKeepAlive,
        Duration redisTcpUserTimeout,
        int maxFrameBytes,
        Duration helloTimeout,
        Duration heartbeatInterval,
        Duration idleTimeout,
        int outboxMaxMessages,
        long outboxMaxBytes,
        double rateMessagesPerSecond,
        int rateBurst,
        Duration staffSessionTtl,
        Duration anonymousSessionTtl,
        String publicUrl,
        int httpMaxBodyBytes,
        int appThreads,
        int appMaxInFlight,
        int wsMaxInFlight,
        Duration shutdownGrace,
        int chatMaxTextChars,
        Duration noConsentGrace,
        Duration offlineMessageRetention,
        Duration endedQueueEntryRetention,
        Duration staffOffDutyGrace,
        Duration minimumChatTime,
        Duration pickUpTime,
        Duration jobInterval,
        Duration sessionRetention,
        Duration auditRetention,
        boolean storeCompactAfterPurge,
        Duration storeCompactMinInterval,
        int storeCompactDeadSpacePercent,
        long storeCompactDeadSpaceMinBytes,
        Duration storeCompactDeadSpaceQuiet,
        String webExitUrl,
        // effect measurement
        Duration effectsJobInterval,
        int effectsRecomputeDays,
        Limits limits,
        TlsSettings tls,
        CallsConfig calls,
        RoomsConfig rooms) {

    public enum BrokerKind { MEMORY, REDIS }

    public static ServerConfig defaults() {
        return fromValues(Map.of());
    }

    /**
     * @param values key → value; keys must be {@link ConfigKey} names, missing keys take their default
     * @throws IllegalArgumentException naming the key, for unknown keys and unparsable values
     */
    public static ServerConfig fromValues(Map<String, String> values) {
        Map<ConfigKey, String> v = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            v.put(key, key.defaultValue());
        }
        values.forEach((key, value) -> v.put(ConfigKey.byKey(key)
                .orElseThrow(() -> new IllegalArgumentException("unknown configuration key: " + key)), value.trim()));
        Parser p = new Parser(v);
        return new ServerConfig(
                p.text(ConfigKey.BIND),
                p.integer(ConfigKey.PORT, 0, 65535),
                Path.of(p.text(ConfigKey.DATA_DIR)),
                p.text(ConfigKey.STORE_URL),
                p.text(ConfigKey.STORE_USER),
                p.text(ConfigKey.STORE_PASSWORD),
                p.integer(ConfigKey.STORE_POOL_SIZE, 1, 1000),
                storeKeyFile(p),
                p.broker(),
                p.text(ConfigKey.REDIS_URL),
                p.bool(ConfigKey.REDIS_CLUSTER),
                p.seconds(ConfigKey.REDIS_TIMEOUT_SECONDS, Duration.ofMillis(100), Duration.ofMinutes(5)),
                p.seconds(ConfigKey.REDIS_CONNECT_TIMEOUT_SECONDS, Duration.ofMillis(100), Duration.ofMinutes(5)),
                p.seconds(ConfigKey.REDIS_KEEPALIVE_SECONDS, Duration.ofSeconds(1), Duration.ofHours(2)),
                p.seconds(ConfigKey.REDIS_TCP_USER_TIMEOUT_SECONDS, Duration.ofSeconds(1), Duration.ofHours(2)),
                p.integer(ConfigKey.WS_MAX_FRAME_BYTES, 1024, 16 * 1024 * 1024),
                p.seconds(ConfigKey.WS_HELLO_TIMEOUT_SECONDS),
                p.seconds(ConfigKey.WS_HEARTBEAT_SECONDS),
                p.seconds(ConfigKey.WS_IDLE_TIMEOUT_SECONDS),
                p.integer(ConfigKey.OUTBOX_MAX_MESSAGES, 1, Integer.MAX_VALUE),
                p.integer(ConfigKey.OUTBOX_MAX_BYTES, 1024, Integer.MAX_VALUE),
                p.decimal(ConfigKey.RATE_MESSAGES_PER_SECOND),
                p.integer(ConfigKey.RATE_BURST, 1, Integer.MAX_VALUE),
                Duration.ofMinutes(p.integer(ConfigKey.SESSION_STAFF_TTL_MINUTES, 1, Integer.MAX_VALUE)),
                Duration.ofMinutes(p.integer(ConfigKey.SESSION_ANONYMOUS_TTL_MINUTES, 1, Integer.MAX_VALUE)),
                p.text(ConfigKey.PUBLIC_URL),
                p.integer(ConfigKey.HTTP_MAX_BODY_BYTES, 1024, 16 * 1024 * 1024),
                p.integer(ConfigKey.APP_THREADS, 0, 1024),
                p.integer(ConfigKey.APP_MAX_IN_FLIGHT, 1, 1_000_000),
                p.integer(ConfigKey.WS_MAX_IN_FLIGHT, 1, 1024),
                p.seconds(ConfigKey.SHUTDOWN_GRACE_SECONDS),
                p.integer(ConfigKey.CHAT_MAX_TEXT_CHARS, 1, 65536),
                p.duration(ConfigKey.OFFICEHOURS_NO_CONSENT_GRACE_MINUTES, ChronoUnit.MINUTES, 0, 1440),
                p.duration(ConfigKey.OFFICEHOURS_OFFLINE_MESSAGE_RETENTION_DAYS, ChronoUnit.DAYS, 0, 3650),
                p.duration(ConfigKey.OFFICEHOURS_ENDED_QUEUE_ENTRY_RETENTION_MINUTES, ChronoUnit.MINUTES, 0, 10080),
                p.seconds(ConfigKey.OFFICEHOURS_STAFF_OFF_DUTY_GRACE_SECONDS, Duration.ZERO, Duration.ofHours(1)),
                p.duration(ConfigKey.OFFICEHOURS_MINIMUM_CHAT_MINUTES, ChronoUnit.MINUTES, 0, 240),
                p.seconds(ConfigKey.OFFICEHOURS_PICK_UP_SECONDS, Duration.ZERO, Duration.ofHours(1)),
                p.seconds(ConfigKey.JOBS_INTERVAL_SECONDS, Duration.ofMillis(100), Duration.ofMinutes(5)),
                p.duration(ConfigKey.RETENTION_SESSION_DAYS, ChronoUnit.DAYS, 1, 365),
                p.duration(ConfigKey.RETENTION_AUDIT_DAYS, ChronoUnit.DAYS, 1, 3650),
                p.bool(ConfigKey.STORE_COMPACT_AFTER_PURGE),
                p.duration(ConfigKey.STORE_COMPACT_MIN_INTERVAL_MINUTES, ChronoUnit.MINUTES, 1, 10080),
                p.integer(ConfigKey.STORE_COMPACT_DEAD_SPACE_PERCENT, 0, 99),
                p.integer(ConfigKey.STORE_COMPACT_DEAD_SPACE_MIN_MB, 0, 1_000_000) * 1_000_000L,
                p.duration(ConfigKey.STORE_COMPACT_DEAD_SPACE_QUIET_MINUTES, ChronoUnit.MINUTES, 0, 1440),
                p.exitUrl(ConfigKey.WEB_EXIT_URL),
                p.duration(ConfigKey.EFFECTS_JOB_INTERVAL_MINUTES, ChronoUnit.MINUTES, 1, 1440),
                p.integer(ConfigKey.EFFECTS_RECOMPUTE_DAYS, 1, 92),
                Limits.parse(p),
                TlsSettings.parse(p),
                CallsConfig.parse(p),
                RoomsConfig.parse(p));
    }

    /**
     * The embedded store's key file: {@code store.key-file}, or by default {@code <data-dir>.key} beside the data
     * directory (a copy or backup of the data directory alone is then unreadable).
     */
    private static Path storeKeyFile(Parser p) {
        String configured = p.text(ConfigKey.STORE_KEY_FILE);
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        Path dataDir = Path.of(p.text(ConfigKey.DATA_DIR)).toAbsolutePath().normalize();
        Path name = dataDir.getFileName();
        if (name == null) {
            throw new IllegalArgumentException(ConfigKey.STORE_KEY_FILE.key()
                    + ": set it when data-dir is the file system root");
        }
        return dataDir.resolveSibling(name + ".key");
    }

    /** Whether the embedded H2 database (in {@link #dataDir()}) is used rather than an external JDBC URL. */
    public boolean embeddedStore() {
        return storeUrl.isEmpty();
    }

    /** The URL people open, for the bound port (which differs from {@link #port()} when that is 0). */
    public String publicUrl(int boundPort) {
        if (!publicUrl.isEmpty()) {
            return publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
        }
        return (tls.enabled() ? "https" : "http") + "://localhost:" + boundPort + "/";
    }

    /**
     * The worker threads: {@code app.threads}, or by default one per store connection (requests mostly wait on the
     * store, and more threads than connections would only wait for one) plus two per CPU for the requests that do
     * not need the store or are between store calls.
     */
    public int effectiveAppThreads() {
        return appThreads > 0 ? appThreads : storePoolSize + 2 * Runtime.getRuntime().availableProcessors();
    }

    /** The settings as key → value, for logging; the store password is masked. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ConfigKey.BIND.key(), bind);
        out.put(ConfigKey.PORT.key(), Integer.toString(port));
        if (tls.enabled()) {
            out.put(ConfigKey.TLS_CERT_FILE.key(), tls.certFile().toString());
        }
        out.put(ConfigKey.DATA_DIR.key(), dataDir.toString());
        out.put(ConfigKey.STORE_URL.key(), storeUrl.isEmpty() ? "(embedded)" : storeUrl);
        if (storeUrl.isEmpty()) {
            out.put(ConfigKey.STORE_KEY_FILE.key(), storeKeyFile.toString());
            out.put(ConfigKey.STORE_COMPACT_AFTER_PURGE.key(), Boolean.toString(storeCompactAfterPurge));
            out.put(ConfigKey.STORE_COMPACT_MIN_INTERVAL_MINUTES.key(),
                    Long.toString(storeCompactMinInterval.toMinutes()));
            out.put(ConfigKey.STORE_COMPACT_DEAD_SPACE_PERCENT.key(), Integer.toString(storeCompactDeadSpacePercent));
            out.put(ConfigKey.STORE_COMPACT_DEAD_SPACE_MIN_MB.key(),
                    Long.toString(storeCompactDeadSpaceMinBytes / 1_000_000));
            out.put(ConfigKey.STORE_COMPACT_DEAD_SPACE_QUIET_MINUTES.key(),
                    Long.toString(storeCompactDeadSpaceQuiet.toMinutes()));
        }
        out.put(ConfigKey.BROKER.key(), broker.name().toLowerCase(Locale.ROOT));
        if (broker == BrokerKind.REDIS) {
            out.put(ConfigKey.REDIS_URL.key(), redisUrlMasked());
            out.put(ConfigKey.REDIS_CLUSTER.key(), Boolean.toString(redisCluster));
            out.put(ConfigKey.REDIS_TIMEOUT_SECONDS.key(), secondsText(redisTimeout));
        }
        out.put(ConfigKey.WS_MAX_FRAME_BYTES.key(), Integer.toString(maxFrameBytes));
        out.put(ConfigKey.WS_HEARTBEAT_SECONDS.key(), Long.toString(heartbeatInterval.toSeconds()));
        out.put(ConfigKey.WS_IDLE_TIMEOUT_SECONDS.key(), Long.toString(idleTimeout.toSeconds()));
        out.put(ConfigKey.APP_THREADS.key(), Integer.toString(effectiveAppThreads()));
        out.put(ConfigKey.APP_MAX_IN_FLIGHT.key(), Integer.toString(appMaxInFlight));
        out.put(ConfigKey.WS_MAX_IN_FLIGHT.key(), Integer.toString(wsMaxInFlight));
        out.put(ConfigKey.CHAT_MAX_TEXT_CHARS.key(), Integer.toString(chatMaxTextChars));
        out.put(ConfigKey.OFFICEHOURS_NO_CONSENT_GRACE_MINUTES.key(), Long.toString(noConsentGrace.toMinutes()));
        out.put(ConfigKey.OFFICEHOURS_OFFLINE_MESSAGE_RETENTION_DAYS.key(),
                Long.toString(offlineMessageRetention.toDays()));
        out.put(ConfigKey.OFFICEHOURS_ENDED_QUEUE_ENTRY_RETENTION_MINUTES.key(),
                Long.toString(endedQueueEntryRetention.toMinutes()));
        out.put(ConfigKey.OFFICEHOURS_STAFF_OFF_DUTY_GRACE_SECONDS.key(), secondsText(staffOffDutyGrace));
        out.put(ConfigKey.OFFICEHOURS_MINIMUM_CHAT_MINUTES.key(), Long.toString(minimumChatTime.toMinutes()));
        out.put(ConfigKey.OFFICEHOURS_PICK_UP_SECONDS.key(), secondsText(pickUpTime));
        out.put(ConfigKey.JOBS_INTERVAL_SECONDS.key(), secondsText(jobInterval));
        out.put(ConfigKey.RETENTION_SESSION_DAYS.key(), Long.toString(sessionRetention.toDays()));
        out.put(ConfigKey.RETENTION_AUDIT_DAYS.key(), Long.toString(auditRetention.toDays()));
        out.put(ConfigKey.WEB_EXIT_URL.key(), webExitUrl);
        out.put(ConfigKey.EFFECTS_JOB_INTERVAL_MINUTES.key(), Long.toString(effectsJobInterval.toMinutes()));
        out.put(ConfigKey.EFFECTS_RECOMPUTE_DAYS.key(), Integer.toString(effectsRecomputeDays));
        out.put(ConfigKey.LIMITS_CONNECTIONS_PER_ADDRESS.key(), Integer.toString(limits.connectionsPerAddress()));
        out.put(ConfigKey.LIMITS_SOCKETS_PER_TOKEN.key(), Integer.toString(limits.socketsPerToken()));
        out.put(ConfigKey.WS_CHECK_ORIGIN.key(), Boolean.toString(limits.checkOrigin()));
        out.put(ConfigKey.CALLS_MAX_PARTICIPANTS.key(), Integer.toString(calls.maxParticipants()));
        out.put(ConfigKey.CALLS_TURN_URLS.key(), String.join(",", calls.turnUrls()));
        out.put(ConfigKey.CALLS_STUN_PORT.key(), Integer.toString(calls.stunPort()));
        out.put(ConfigKey.ROOMS_DECIDED_KNOCK_RETENTION_DAYS.key(), Long.toString(rooms.decidedKnockRetention().toDays()));
        out.put(ConfigKey.ROOMS_ENDED_TALK_RETENTION_DAYS.key(), Long.toString(rooms.endedTalkRetention().toDays()));
        out.put(ConfigKey.ROOMS_CONCERN_RETENTION_DAYS.key(), Long.toString(rooms.concernRetention().toDays()));
        out.put(ConfigKey.HTTP_TRUSTED_PROXIES.key(), Integer.toString(limits.trustedProxies().size()) + " address(es)");
        return out;
    }

    /** The Redis URL with a password in it replaced by ***, for logs. */
    public String redisUrlMasked() {
        return redisUrl.replaceAll("(rediss?://)[^@/,]*@", "$1***@");
    }

    /** 1500 ms → "1.5", as a value for a {@code *-seconds} key. */
    private static String secondsText(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return "ServerConfig" + describe();
    }

    record Parser(Map<ConfigKey, String> values) {

        boolean bool(ConfigKey key) {
            String raw = values.get(key);
            if (raw.equalsIgnoreCase("true")) {
                return true;
            }
            if (raw.equalsIgnoreCase("false")) {
                return false;
            }
            throw invalid(key, raw, "must be true or false");
        }

        String text(ConfigKey key) {
            return values.get(key);
        }

        int integer(ConfigKey key, int min, int max) {
            String raw = values.get(key);
            try {
                int value = Integer.parseInt(raw);
                if (value < min || value > max) {
                    throw invalid(key, raw, "must be between " + min + " and " + max);
                }
                return value;
            } catch (NumberFormatException e) {
                throw invalid(key, raw, "must be a whole number");
            }
        }

        double decimal(ConfigKey key) {
            String raw = values.get(key);
            try {
                double value = Double.parseDouble(raw);
                if (!(value > 0) || Double.isInfinite(value)) {
                    throw invalid(key, raw, "must be a positive number");
                }
                return value;
            } catch (NumberFormatException e) {
                throw invalid(key, raw, "must be a number");
            }
        }

        Duration seconds(ConfigKey key) {
            String raw = values.get(key);
            Duration value = parseSeconds(key, raw);
            if (value.isZero() || value.isNegative()) {
                throw invalid(key, raw, "must be positive");
            }
            return value;
        }

        /** Seconds, fractions allowed, within [min, max]. */
        Duration seconds(ConfigKey key, Duration min, Duration max) {
            String raw = values.get(key);
            Duration value = parseSeconds(key, raw);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw invalid(key, raw, "must be between " + secondsText(min) + " and " + secondsText(max));
            }
            return value;
        }

        /** A whole number of {@code unit}s within [min, max]. */
        Duration duration(ConfigKey key, ChronoUnit unit, int min, int max) {
            return Duration.of(integer(key, min, max), unit);
        }

        private static Duration parseSeconds(ConfigKey key, String raw) {
            try {
                return Duration.ofMillis(new BigDecimal(raw).movePointRight(3).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw invalid(key, raw, "must be a number of seconds (at most millisecond precision)");
            }
        }

        /** An absolute http(s) URL or a path on this server ("/x", not the protocol-relative "//host"). */
        String exitUrl(ConfigKey key) {
            String raw = values.get(key);
            boolean path = raw.startsWith("/") && !raw.startsWith("//");
            boolean web = raw.regionMatches(true, 0, "https://", 0, 8) || raw.regionMatches(true, 0, "http://", 0, 7);
            if (!(path || web) || raw.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '<' || c == '>')) {
                throw invalid(key, raw, "must be an http(s) URL or a path starting with /");
            }
            return raw;
        }

        BrokerKind broker() {
            String raw = values.get(ConfigKey.BROKER);
            try {
                return BrokerKind.valueOf(raw.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(ConfigKey.BROKER, raw, "must be memory or redis");
            }
        }

        private static IllegalArgumentException invalid(ConfigKey key, String raw, String why) {
            String shown = key == ConfigKey.STORE_PASSWORD ? "***" : raw;
            return new IllegalArgumentException(key.key() + "=" + shown + ": " + why);
        }
    }
}
