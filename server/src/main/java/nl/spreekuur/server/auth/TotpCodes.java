package nl.spreekuur.server.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA1, 6 digits, 30-second steps
 * (the defaults every app supports). A code is accepted for the current step and one step either side (clock drift
 * of up to 30 s between phone and server); which step matched is returned, so the caller can refuse a second use
 * (RFC 6238 section 5.2). The HOTP/TOTP arithmetic is {@code com.eatthepath:java-otp}'s.
 */
public final class TotpCodes {
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    private static final int DRIFT_STEPS = 1;

    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS,
            TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    /** Whether the text looks like a TOTP code (6 digits, spaces allowed as authenticator apps show them). */
    public static boolean looksLikeCode(String text) {
        return text != null && text.replace(" ", "").matches("[0-9]{" + DIGITS + "}");
    }

    /** The 30-second step an instant falls in (seconds since the epoch / 30). */
    public static long stepOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
    }

    /** The code of the given step, as an authenticator app shows it (tests, and nothing else). */
    public String codeAt(byte[] secret, long step) {
        try {
            return generator.generateOneTimePasswordString(key(secret), Instant.ofEpochSecond(step * STEP.getSeconds()),
                    java.util.Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an HMAC key", e);
        }
    }

    /** The step whose code {@code code} is (the current one or a neighbour), or empty when it matches none. */
    public OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        if (!looksLikeCode(code)) {
            return OptionalLong.empty();
        }
        String digits = code.replace(" ", "");
        long current = stepOf(now);
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (java.security.MessageDigest.isEqual(codeAt(secret, step).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    digits.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    private SecretKeySpec key(byte[] secret) {
        return new SecretKeySpec(secret, generator.getAlgorithm());
    }
}
