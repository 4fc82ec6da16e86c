package nl.spreekuur.server.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The abuse limits of {@link ServerConfig}: password checks and login throttling, connection limits, the Origin
 * allowlist, trusted proxies and the per-address limits of anonymous sessions, queue joins and offline messages.
 * Every value has its {@link ConfigKey}; the meanings are in docs/operations.md.
 */
public record Limits(
        int passwordThreads,
        int passwordQueue,
        Rate loginPerAddress,
        int loginFreeFailures,
        Duration loginBackoffBase,
        Duration loginBackoffMax,
        int connectionsPerAddress,
        int socketsPerToken,
        int socketsAwaitingHello,
        Duration requestTimeout,
        boolean checkOrigin,
        Set<String> allowedOrigins,
        Set<InetAddress> trustedProxies,
        Rate anonymousPerAddress,
        int anonymousPowBits,
        int anonymousPowAbovePerMinute,
        Rate joinsPerAddress,
        Rate offlineMessagesPerAddress,
        int maxWaitingPerAddress,
        int maxQueueLength,
        int longQueueLength,
        Duration longQueueGrace,
        Duration staffRevalidateInterval) {

    /** A token bucket: {@code burst} at once, {@code perMinute} sustained. */
    public record Rate(int burst, double perMinute) {
        public double perSecond() {
            return perMinute / 60.0;
        }
    }

    public Limits {
        allowedOrigins = Set.copyOf(allowedOrigins);
        trustedProxies = Set.copyOf(trustedProxies);
    }

    static Limits parse(ServerConfig.Parser p) {
        Duration backoffBase = p.seconds(ConfigKey.LOGIN_BACKOFF_BASE_SECONDS, Duration.ofMillis(1),
                Duration.ofHours(1));
        Duration backoffMax = p.seconds(ConfigKey.LOGIN_BACKOFF_MAX_SECONDS, Duration.ofMillis(1),
                Duration.ofDays(1));
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException(ConfigKey.LOGIN_BACKOFF_MAX_SECONDS.key()
                    + " must not be smaller than " + ConfigKey.LOGIN_BACKOFF_BASE_SECONDS.key());
        }
        return new Limits(
                p.integer(ConfigKey.AUTH_PASSWORD_THREADS, 1, 64),
                p.integer(ConfigKey.AUTH_PASSWORD_QUEUE, 0, 10_000),
                rate(p, ConfigKey.LOGIN_ADDRESS_BURST, ConfigKey.LOGIN_ADDRESS_PER_MINUTE),
                p.integer(ConfigKey.LOGIN_FREE_FAILURES, 1, 1000),
                backoffBase,
                backoffMax,
                p.integer(ConfigKey.LIMITS_CONNECTIONS_PER_ADDRESS, 1, 1_000_000),
                p.integer(ConfigKey.LIMITS_SOCKETS_PER_TOKEN, 1, 10_000),
                p.integer(ConfigKey.LIMITS_SOCKETS_AWAITING_HELLO, 1, 1_000_000),
                p.seconds(ConfigKey.HTTP_REQUEST_TIMEOUT_SECONDS, Duration.ofMillis(100), Duration.ofHours(1)),
                p.bool(ConfigKey.WS_CHECK_ORIGIN),
                origins(p.text(ConfigKey.WS_ALLOWED_ORIGINS)),
                addresses(p.text(ConfigKey.HTTP_TRUSTED_PROXIES)),
                rate(p, ConfigKey.ANONYMOUS_ADDRESS_BURST, ConfigKey.ANONYMOUS_ADDRESS_PER_MINUTE),
                p.integer(ConfigKey.ANONYMOUS_POW_BITS, 0, 24),
                p.integer(ConfigKey.ANONYMOUS_POW_ABOVE_PER_MINUTE, 0, 1_000_000),
                rate(p, ConfigKey.OFFICEHOURS_JOIN_ADDRESS_BURST, ConfigKey.OFFICEHOURS_JOIN_ADDRESS_PER_MINUTE),
                rate(p, ConfigKey.OFFICEHOURS_OFFLINE_ADDRESS_BURST,
                        ConfigKey.OFFICEHOURS_OFFLINE_ADDRESS_PER_MINUTE),
                p.integer(ConfigKey.OFFICEHOURS_MAX_WAITING_PER_ADDRESS, 1, 100_000),
                p.integer(ConfigKey.OFFICEHOURS_MAX_QUEUE_LENGTH, 1, 100_000),
                p.integer(ConfigKey.OFFICEHOURS_LONG_QUEUE_LENGTH, 1, 100_000),
                p.seconds(ConfigKey.OFFICEHOURS_LONG_QUEUE_GRACE_SECONDS, Duration.ofSeconds(5), Duration.ofMinutes(15)),
                p.seconds(ConfigKey.AUTH_STAFF_REVALIDATE_SECONDS, Duration.ofMillis(100), Duration.ofMinutes(30)));
    }

    private static Rate rate(ServerConfig.Parser p, ConfigKey burst, ConfigKey perMinute) {
        return new Rate(p.integer(burst, 1, 100_000), p.decimal(perMinute));
    }

    /** Comma-separated origins, each {@code scheme://host[:port]} without a path, compared in lower case. */
    static Set<String> origins(String raw) {
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            String lower = origin.toLowerCase(Locale.ROOT);
            boolean web = lower.startsWith("https://") || lower.startsWith("http://");
            int hostStart = lower.indexOf("://") + 3;
            if (!web || lower.indexOf('/', hostStart) >= 0 || hostStart >= lower.length()) {
                throw new IllegalArgumentException(ConfigKey.WS_ALLOWED_ORIGINS.key() + "=" + raw
                        + ": each origin must be scheme://host[:port] without a path, e.g. https://chat.example.nl");
            }
            out.add(lower);
        }
        return Set.copyOf(out);
    }

    /** Comma-separated IP literals (no host names: they would be looked up at start and could change). */
    static Set<InetAddress> addresses(String raw) {
        List<InetAddress> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            String address = part.trim();
            if (address.isEmpty()) {
                continue;
            }
            // never a DNS lookup: only IP literals parse
            InetAddress parsed = io.netty.util.NetUtil.createInetAddressFromIpAddressString(address);
            if (parsed == null) {
                throw new IllegalArgumentException(ConfigKey.HTTP_TRUSTED_PROXIES.key() + "=" + raw
                        + ": give IP addresses, not host names: " + address);
            }
            out.add(parsed);
        }
        return Set.copyOf(out);
    }
}
