package nl.spreekuur.server.store.jdbc;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Random identifiers. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A short random token (conversation epochs). */
    static String newEpoch() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
