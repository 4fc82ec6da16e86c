package nl.spreekuur.server.auth;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP secrets: 20 random bytes each (160 bits, RFC 4226's recommendation), shown to the person once as Base32 and
 * as an {@code otpauth://} URI (QR code), and stored only sealed: AES-256-GCM under a key derived from the store key
 * ({@code store.key-file}; SHA-256 of a label and the key, so the sealing never uses the database file's own key),
 * a random 12-byte nonce per secret, the account id as associated data (a sealed secret copied to another account's
 * row does not open). The key file is read (or created) the first time a secret is sealed or opened, so with
 * PostgreSQL, too, a secret is never in the database in the clear.
 */
public final class TotpSecrets {
    static final int SECRET_BYTES = 20;
    private static final byte[] LABEL = "spreekuur totp v1".getBytes(StandardCharsets.US_ASCII);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Supplier<String> storeKey;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec key;

    /** @param storeKey the store key as 64 hex characters, asked for on first use */
    public TotpSecrets(Supplier<String> storeKey) {
        this.storeKey = storeKey;
    }

    public byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    public String seal(String accountId, byte[] secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws IllegalStateException when the sealed text was not made with this key for this account */
    public byte[] open(String accountId, String sealed) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored TOTP secret does not open with the store key", e);
        }
    }

    /** RFC 4648 Base32 without padding: what authenticator apps take as a manual key. */
    public static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /**
     * The key URI authenticator apps read from the QR code
     * ({@code otpauth://totp/Issuer:label?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30}).
     */
    public static String keyUri(String issuer, String accountLabel, byte[] secret) {
        String label = encode(issuer) + ":" + encode(accountLabel);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + TotpCodes.DIGITS + "&period=" + TotpCodes.STEP.getSeconds();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(LABEL);
                sha.update(HexFormat.of().parseHex(storeKey.get()));
                k = new SecretKeySpec(sha.digest(), "AES");
                key = k;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
        return k;
    }
}
