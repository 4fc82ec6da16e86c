package nl.spreekuur.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Single-use recovery codes for a lost authenticator: {@value #COUNT} per enrolment, each 12 characters of
 * {@value #ALPHABET} (60 random bits), shown once as {@code xxxx-xxxx-xxxx}. Only their SHA-256 is stored: with 60
 * random bits a slow hash adds nothing a dump-reader could not outrun anyway, and guessing online meets the login
 * back-off.
 */
public final class RecoveryCodes {
    public static final int COUNT = 10;
    static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int LENGTH = 12;

    private final SecureRandom random = new SecureRandom();

    public List<String> generate() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < LENGTH; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** Whether the text could be a recovery code (dashes and spaces ignored, any case). */
    public static boolean looksLikeCode(String text) {
        return text != null && normalise(text).length() == LENGTH;
    }

    public static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(normalise(code).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String normalise(String text) {
        return text.replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
