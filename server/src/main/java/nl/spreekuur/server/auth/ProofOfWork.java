package nl.spreekuur.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Friction for anonymous session creation when an organisation is under pressure (a flood of scripted clients):
 * the client must find a nonce so that SHA-256 of {@code challenge ":" nonce} starts with {@code bits} zero bits
 * (2^bits hashes on average: about a second in a phone's browser at 16 bits, nothing for one person, expensive for
 * a thousand bots). No third party, no tracking: the network may be closed and clients are anonymous.
 *
 * <p>Challenges are stateless: random bytes, an expiry and the bits, signed with HMAC-SHA256 under a key this node
 * makes at start, so a challenge is only good on the node that gave it (with several nodes behind a balancer
 * without affinity the client simply gets a fresh one). Each solved challenge is accepted once (remembered until it
 * expires). Pressure: more than {@code abovePerMinute} anonymous sessions created on this node for the organisation
 * in the current or the previous minute.
 */
public final class ProofOfWork {
    static final Duration CHALLENGE_TTL = Duration.ofMinutes(2);
    private static final int MAX_ORGANISATIONS = 10_000;
    private static final int MAX_NONCE_CHARS = 64;

    /** A challenge for the client: solve it and send it back with the nonce. */
    public record Challenge(String challenge, int bits) {
    }

    private final Clock clock;
    private final int bits;
    private final int abovePerMinute;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Boolean> used;
    private final Cache<String, long[]> perMinute;

    public ProofOfWork(Clock clock, int bits, int abovePerMinute) {
        this.clock = clock;
        this.bits = bits;
        this.abovePerMinute = abovePerMinute;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.used = Caffeine.newBuilder().maximumSize(1_000_000)
                .expireAfterWrite(CHALLENGE_TTL.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).executor(Runnable::run).build();
        this.perMinute = Caffeine.newBuilder().maximumSize(MAX_ORGANISATIONS)
                .expireAfterAccess(2, TimeUnit.MINUTES)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).executor(Runnable::run).build();
    }

    /** Whether a new anonymous session of this organisation needs a proof of work now. */
    public boolean required(String organisationSlug) {
        if (bits == 0) {
            return false;
        }
        if (abovePerMinute == 0) {
            return true;
        }
        long[] counts = perMinute.getIfPresent(normalise(organisationSlug));
        if (counts == null) {
            return false;
        }
        synchronized (counts) {
            long minute = minute();
            long current = counts[0] == minute ? counts[1] : 0;
            long previous = counts[0] == minute ? counts[2] : counts[0] == minute - 1 ? counts[1] : 0;
            return Math.max(current, previous) > abovePerMinute;
        }
    }

    /** Counts a created anonymous session of the organisation. */
    public void created(String organisationSlug) {
        long[] counts = perMinute.get(normalise(organisationSlug), k -> new long[] {minute(), 0, 0});
        synchronized (counts) {
            long minute = minute();
            if (counts[0] != minute) {
                counts[2] = counts[0] == minute - 1 ? counts[1] : 0;
                counts[0] = minute;
                counts[1] = 0;
            }
            counts[1]++;
        }
    }

    public Challenge challenge() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        long expires = clock.instant().plus(CHALLENGE_TTL).getEpochSecond();
        String body = b64(nonce) + "." + expires + "." + bits;
        return new Challenge(body + "." + b64(mac(body)), bits);
    }

    /**
     * Whether {@code nonce} solves {@code challenge}: the challenge is this node's, unexpired, unused, and the hash
     * has the zero bits it names. A solved challenge is used up.
     */
    public boolean accept(String challenge, String nonce) {
        if (challenge == null || nonce == null || nonce.isEmpty() || nonce.length() > MAX_NONCE_CHARS
                || challenge.length() > 200) {
            return false;
        }
        int lastDot = challenge.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        String body = challenge.substring(0, lastDot);
        if (!MessageDigest.isEqual(b64(mac(body)).getBytes(StandardCharsets.US_ASCII),
                challenge.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        String[] parts = body.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        long expires;
        int wanted;
        try {
            expires = Long.parseLong(parts[1]);
            wanted = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Instant.ofEpochSecond(expires).isBefore(clock.instant()) || !solves(challenge, nonce, wanted)) {
            return false;
        }
        return used.asMap().putIfAbsent(challenge, Boolean.TRUE) == null;
    }

    /** Whether SHA-256 of {@code challenge ":" nonce} begins with {@code bits} zero bits. */
    public static boolean solves(String challenge, String nonce, int bits) {
        byte[] hash = sha256((challenge + ":" + nonce).getBytes(StandardCharsets.UTF_8));
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (hash[i] != 0) {
                return false;
            }
        }
        int rest = bits % 8;
        return rest == 0 || (hash[full] & 0xff) >>> (8 - rest) == 0;
    }

    private long minute() {
        return clock.millis() / 60_000;
    }

    private static String normalise(String slug) {
        return slug == null ? "" : slug.trim().toLowerCase(Locale.ROOT);
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
