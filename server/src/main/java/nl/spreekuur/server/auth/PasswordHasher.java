package nl.spreekuur.server.auth;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;

/**
 * Argon2id password hashing (argon2-jvm). Parameters follow the OWASP minimum for Argon2id: 19 MiB memory,
 * 2 iterations, 1 lane. The encoded hash carries its parameters, so they can be raised later without breaking
 * existing hashes.
 */
public final class PasswordHasher {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private static final String GENERATED_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    private final BooleanSupplier allowedHere;
    private volatile String dummyHash;

    /** A hasher that runs on any thread (the command line, tests of the hash itself). */
    public PasswordHasher() {
        this(() -> true);
    }

    /**
     * A hasher that refuses to hash on a thread where {@code allowedHere} is false ({@link PasswordChecks} confines
     * the server's hasher to its own threads, so no request path can hash on a chat worker or an event loop).
     */
    PasswordHasher(BooleanSupplier allowedHere) {
        this.allowedHere = allowedHere;
    }

    private void requireAllowedThread() {
        if (!allowedHere.getAsBoolean()) {
            throw new IllegalStateException("Argon2 called outside the password-check threads on "
                    + Thread.currentThread().getName());
        }
    }

    /**
     * @throws IllegalArgumentException if the password is shorter than {@value #MIN_LENGTH} characters
     */
    public String hash(char[] password) {
        requireAcceptable(password);
        requireAllowedThread();
        return argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, password, StandardCharsets.UTF_8);
    }

    public boolean verify(String encodedHash, char[] password) {
        if (encodedHash == null || password == null || password.length > MAX_LENGTH) {
            return false;
        }
        requireAllowedThread();
        try {
            return argon2.verify(encodedHash, password, StandardCharsets.UTF_8);
        } catch (RuntimeException malformedHash) {
            return false;
        }
    }

    /**
     * Spends the same time as a real verification and returns false. Called when the user does not exist, so
     * response times do not reveal which usernames exist.
     */
    public boolean verifyDummy(char[] password) {
        requireAllowedThread();
        String hash = dummyHash;
        if (hash == null) {
            hash = argon2.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, generate(24).toCharArray(), StandardCharsets.UTF_8);
            dummyHash = hash;
        }
        verify(hash, password == null ? new char[0] : password);
        return false;
    }

    public static void requireAcceptable(char[] password) {
        if (password == null || password.length < MIN_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a password may have at most " + MAX_LENGTH + " characters");
        }
    }

    /** A random password of the given length from an alphabet without look-alike characters. */
    public static String generate(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(GENERATED_ALPHABET.charAt(RANDOM.nextInt(GENERATED_ALPHABET.length())));
        }
        return sb.toString();
    }
}
