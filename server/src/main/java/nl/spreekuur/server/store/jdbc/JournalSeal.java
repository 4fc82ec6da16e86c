package nl.spreekuur.server.store.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import nl.spreekuur.server.store.StoreException;

/**
 * How the journal's records are kept on disk: in the clear (an unencrypted store) or sealed with AES-256-GCM under
 * a key derived from the store key (SHA-256 of a label and the key, so the journal never uses the database file's
 * key itself). A sealed record is {@code nonce (12 random bytes) | ciphertext | tag (16 bytes)}; the tag also
 * catches any change to a record. The JDK's own cipher (AES-NI where the CPU has it) needs no library.
 *
 * <p>Segments say by their name which they are ({@code .log} in the clear, {@code .sealed}), so a store that is
 * encrypted after a crash still replays the clear segments of the run before.
 */
final class JournalSeal {
    static final String CLEAR_SUFFIX = ".log";
    static final String SEALED_SUFFIX = ".sealed";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] LABEL = "spreekuur journal v1".getBytes(StandardCharsets.US_ASCII);
    private static final JournalSeal CLEAR = new JournalSeal(null);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private JournalSeal(SecretKeySpec key) {
        this.key = key;
    }

    /** Records in the clear (an unencrypted store); reading a sealed segment then fails. */
    static JournalSeal clear() {
        return CLEAR;
    }

    /** Records sealed under a key derived from the store key (64 hex characters). */
    static JournalSeal withStoreKey(String hexKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(LABEL);
            sha.update(HexFormat.of().parseHex(hexKey));
            return new JournalSeal(new SecretKeySpec(sha.digest(), "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The suffix of the segments this seal writes. */
    String suffix() {
        return key == null ? CLEAR_SUFFIX : SEALED_SUFFIX;
    }

    /** A sealer for one batch of records (a {@link Cipher} is not thread-safe, so each batch gets its own). */
    Batch batch() {
        return new Batch();
    }

    /** The record as written in a segment with {@code suffix}. */
    byte[] open(byte[] stored, String suffix, Cipher cipher) {
        if (CLEAR_SUFFIX.equals(suffix)) {
            return stored;
        }
        if (key == null) {
            throw new StoreException("the journal is encrypted, but the store has no key (store.key-file)");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new StoreException("a journal record cannot be decrypted with this store key", e);
        }
    }

    static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every JDK", e);
        }
    }

    final class Batch {
        private final Cipher cipher = key == null ? null : newCipher();

        byte[] seal(byte[] record) {
            if (key == null) {
                return record;
            }
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
                ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(record.length));
                out.put(nonce);
                cipher.doFinal(ByteBuffer.wrap(record), out);
                return out.array();
            } catch (GeneralSecurityException e) {
                throw new StoreException("cannot encrypt a journal record", e);
            }
        }
    }
}
