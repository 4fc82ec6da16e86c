package nl.spreekuur.server.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.spreekuur.server.store.Sessions;

/**
 * Anonymous clients' tokens, signed instead of stored: {@code <payload>.<mac>}, both base64url without padding.
 * The payload holds a version byte, the session id (a random UUID, 16 bytes), the organisation id (length byte and
 * UTF-8) and the expiry (epoch seconds, 8 bytes); the mac is the first 16 bytes of its HMAC-SHA256 under a key
 * derived from the store key file. So issuing a token and checking one need no store access at all, on every node
 * that has the same key file; a revocation is still remembered ({@link TokenRevocations}, and durably in the store,
 * see {@code session.SessionRevocations}).
 *
 * <p>Staff and room-member tokens stay random and stored ({@link Tokens}): they carry roles and memberships that
 * change, and far fewer of them are issued. A signed token contains a {@code .}, which a random token never does.
 */
public final class SignedTokens {
    static final int MAC_BYTES = 16;
    private static final byte VERSION = 1;
    private static final int MAX_ORGANISATION_ID_BYTES = 64;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] LABEL = "spreekuur anonymous tokens v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINGERPRINT_LABEL = "spreekuur token key fingerprint v1"
            .getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a valid signature vouches for. */
    public record Claims(String sessionId, String organisationId, Instant expiresAt) {
    }

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private SignedTokens(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** Signs with a key derived from the store key (64 hex characters, {@code store.StoreKey}). */
    public static SignedTokens fromStoreKey(String storeKeyHex) {
        byte[] storeKey = HexFormat.of().parseHex(storeKeyHex);
        try {
            Mac derive = Mac.getInstance(ALGORITHM);
            derive.init(new SecretKeySpec(storeKey, ALGORITHM));
            return new SignedTokens(derive.doFinal(LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True if the token has the form of a signed token (it may still be forged or damaged). */
    public static boolean looksSigned(String token) {
        return token.indexOf('.') > 0;
    }

    /** A new token for the session; {@code expiresAt} is kept to the second. */
    public String issue(UUID sessionId, String organisationId, Instant expiresAt) {
        byte[] organisation = organisationId.getBytes(StandardCharsets.UTF_8);
        if (organisation.length > MAX_ORGANISATION_ID_BYTES) {
            throw new IllegalArgumentException("organisation id too long for a token");
        }
        ByteBuffer payload = ByteBuffer.allocate(1 + 16 + 1 + organisation.length + 8)
                .put(VERSION)
                .putLong(sessionId.getMostSignificantBits())
                .putLong(sessionId.getLeastSignificantBits())
                .put((byte) organisation.length)
                .put(organisation)
                .putLong(expiresAt.getEpochSecond());
        return sign(payload.array());
    }

    /** The token of these payload bytes (package-private: tests sign malformed payloads). */
    String sign(byte[] payload) {
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The claims of a token signed with this key, or empty if it is not one (forged, damaged, another key). */
    public Optional<Claims> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        try {
            payload = DECODER.decode(token.substring(0, dot));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        // Only the exact text this key issues for these bytes: base64 leaves spare bits in a last character, which
        // must not make a second spelling of a token.
        if (!MessageDigest.isEqual(sign(payload).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return claims(ByteBuffer.wrap(payload));
    }

    private static Optional<Claims> claims(ByteBuffer payload) {
        if (payload.remaining() < 1 + 16 + 1 + 8 || payload.get() != VERSION) {
            return Optional.empty();
        }
        UUID sessionId = new UUID(payload.getLong(), payload.getLong());
        int length = payload.get() & 0xff;
        if (payload.remaining() != length + 8) {
            return Optional.empty();
        }
        byte[] organisation = new byte[length];
        payload.get(organisation);
        Instant expiresAt = Instant.ofEpochSecond(payload.getLong());
        return Optional.of(new Claims(sessionId.toString(), new String(organisation, StandardCharsets.UTF_8),
                expiresAt));
    }

    /**
     * A fingerprint of the signing key (HMAC of a fixed label, so it reveals nothing of the key), stored by the
     * first node so that a node started with another key file can tell.
     */
    public String fingerprint() {
        return HexFormat.of().formatHex(newMac().doFinal(FINGERPRINT_LABEL));
    }

    /**
     * Registers this key's fingerprint in the store, or checks it against the one registered by the first node.
     *
     * @throws IllegalStateException if the store holds another key's fingerprint (another store.key-file)
     */
    public void requireRegistered(Sessions sessions) {
        String mine = fingerprint();
        if (!mine.equals(sessions.tokenKeyFingerprint(mine))) {
            throw new IllegalStateException("store.key-file differs from the key the other nodes of this database "
                    + "sign tokens with: give every node the same key file");
        }
    }

    private byte[] mac(byte[] payload) {
        return Arrays.copyOf(macs.get().doFinal(payload), MAC_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
