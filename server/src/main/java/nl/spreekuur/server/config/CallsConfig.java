package nl.spreekuur.server.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The video calls' settings (keys {@code calls.*}): mesh limit, ring timeout, the ICE servers handed to participants
 * and the embedded STUN responder.
 *
 * @param stunUrls  STUN URLs for clients; empty = the embedded responder's ({@code stun:<public host>:<stunPort>})
 * @param turnUrls  TURN URLs ({@code turn:} / {@code turns:}); empty = no TURN
 * @param turnSecret the shared secret of coturn's {@code static-auth-secret}; empty = no TURN
 * @param stunPort  UDP port of the embedded STUN responder; 0 = off
 * @param consultLinkPerAddress consult link look-ups and joins per client address (token bucket)
 */
public record CallsConfig(int maxParticipants, Duration ringTimeout, List<String> stunUrls, List<String> turnUrls,
                          String turnSecret, Duration turnTtl, int stunPort, Limits.Rate consultLinkPerAddress) {

    /** The defaults of the consult link limit ({@code calls.consult-link-address-*}). */
    public static final Limits.Rate DEFAULT_CONSULT_LINK_RATE = new Limits.Rate(20, 10);

    public CallsConfig {
        stunUrls = List.copyOf(stunUrls);
        turnUrls = List.copyOf(turnUrls);
    }

    /** With the default consult link limit. */
    public CallsConfig(int maxParticipants, Duration ringTimeout, List<String> stunUrls, List<String> turnUrls,
                       String turnSecret, Duration turnTtl, int stunPort) {
        this(maxParticipants, ringTimeout, stunUrls, turnUrls, turnSecret, turnTtl, stunPort,
                DEFAULT_CONSULT_LINK_RATE);
    }

    public boolean turnConfigured() {
        return !turnUrls.isEmpty() && !turnSecret.isEmpty();
    }

    static CallsConfig parse(ServerConfig.Parser p) {
        List<String> stun = urls(p, ConfigKey.CALLS_STUN_URLS, "stun:");
        List<String> turn = urls(p, ConfigKey.CALLS_TURN_URLS, "turn:", "turns:");
        String secret = p.text(ConfigKey.CALLS_TURN_SECRET);
        if (!turn.isEmpty() && secret.isEmpty()) {
            throw new IllegalArgumentException(ConfigKey.CALLS_TURN_SECRET.key()
                    + ": required when calls.turn-urls is set");
        }
        return new CallsConfig(p.integer(ConfigKey.CALLS_MAX_PARTICIPANTS, 2, 16),
                p.seconds(ConfigKey.CALLS_RING_TIMEOUT_SECONDS, Duration.ofSeconds(5), Duration.ofMinutes(5)),
                stun, turn, secret,
                p.seconds(ConfigKey.CALLS_TURN_TTL_SECONDS, Duration.ofMinutes(1), Duration.ofDays(1)),
                p.integer(ConfigKey.CALLS_STUN_PORT, 0, 65535),
                new Limits.Rate(p.integer(ConfigKey.CALLS_CONSULT_LINK_ADDRESS_BURST, 1, 100_000),
                        p.decimal(ConfigKey.CALLS_CONSULT_LINK_ADDRESS_PER_MINUTE)));
    }

    private static List<String> urls(ServerConfig.Parser p, ConfigKey key, String... schemes) {
        String raw = p.text(key);
        List<String> urls = Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String url : urls) {
            String lower = url.toLowerCase(Locale.ROOT);
            boolean known = Arrays.stream(schemes).anyMatch(lower::startsWith);
            if (!known || url.chars().anyMatch(c -> c <= ' ' || c == '"')) {
                throw new IllegalArgumentException(key.key() + "=" + url + ": each URL must start with "
                        + String.join(" or ", schemes));
            }
        }
        return urls;
    }
}
