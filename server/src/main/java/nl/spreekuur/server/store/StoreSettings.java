package nl.spreekuur.server.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the store lives. The same settings type serves the embedded H2 database and PostgreSQL; both run the
 * same migrations and SQL.
 *
 * @param jdbcUrl             e.g. {@code jdbc:postgresql://db:5432/spreekuur} or one of the H2 URLs built below
 * @param user                database user
 * @param password            database password (never logged)
 * @param maxPoolSize         connections in the pool
 * @param appendQueueCapacity how many event appends may wait for the writer; more are answered busy
 * @param appendMaxWait       an append that waited longer than this for its batch is answered busy (not written)
 * @param sharedByNodes       several nodes write to this store (broker {@code redis}): no node-local cache of
 *                            conversation and participant rows, since another node's change would not reach it
 * @param fileKey             the embedded database's encryption key ({@link StoreKey}, 64 hex characters), or
 *                            empty for an unencrypted database; see {@link #encryptedWith}
 */
public record StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize, int appendQueueCapacity,
                            Duration appendMaxWait, boolean sharedByNodes, String fileKey) {

    public static final int DEFAULT_APPEND_QUEUE_CAPACITY = 1_024;
    public static final Duration DEFAULT_APPEND_MAX_WAIT = Duration.ofMillis(500);

    /** H2 settings that make H2 accept and order like PostgreSQL, so one set of SQL serves both. */
    private static final String H2_COMPATIBILITY = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    /**
     * The embedded file database: pages compressed (LZF: chat rows are small and repetitive, and H2 rewrites whole
     * pages, so this cut its file from ~4 KB to ~0.15 KB per stored message in a short run here; BENCHMARKS.md, "Disk",
     * has what it grows to under sustained load); its own chunk writes only every 5 s (durability comes from the
     * journal and from CHECKPOINT SYNC, not from them, and each chunk rewrites every page touched since the last one;
     * under load that holds only with the wider write buffer of {@code H2Tuning}); and closed by the server, not
     * by H2's own JVM shutdown hook, so a normal stop records its clean close (otherwise every restart would count
     * as unclean).
     * H2 writes no {@code .trace.db} file of its own (TRACE_LEVEL_FILE=0): its errors reach the server as
     * SQLExceptions, which the server logs without their text.
     * H2's background housekeeping is off (AUTO_COMPACT_FILL_RATE=0): it rewrote chunks whenever a round of its
     * background writer saw no file access, which at a steady 2,000 messages/s was a fifth of the server's CPU, and
     * the file grew all the same; the server compacts the file itself when it is mostly dead space and the store is
     * quiet (docs/architecture.md, "H2's housekeeping"). Space of chunks without live pages is still reused.
     */
    private static final String H2_FILE_OPTIONS =
            ";COMPRESS=TRUE;WRITE_DELAY=5000;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0;AUTO_COMPACT_FILL_RATE=0";
    /** H2's file encryption (XTS-AES); the key is the first word of the connection password. */
    private static final String H2_CIPHER = ";CIPHER=AES";
    private static final int EMBEDDED_POOL_SIZE = 10;

    public StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize) {
        this(jdbcUrl, user, password, maxPoolSize, DEFAULT_APPEND_QUEUE_CAPACITY, DEFAULT_APPEND_MAX_WAIT, false, "");
    }

    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(appendMaxWait, "appendMaxWait");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        if (appendQueueCapacity < 1 || appendMaxWait.isNegative() || appendMaxWait.isZero()) {
            throw new IllegalArgumentException("append queue capacity and max wait must be positive");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        fileKey = fileKey == null ? "" : fileKey;
        if (sharedByNodes && jdbcUrl.startsWith("jdbc:h2:")) {
            // its idempotency key is kept by the one node's appender (store.jdbc.KnownClientIds)
            throw new IllegalArgumentException("an H2 database serves one node; several nodes share PostgreSQL");
        }
        if (!fileKey.isEmpty() && !jdbcUrl.startsWith("jdbc:h2:file:")) {
            throw new IllegalArgumentException("only the embedded file database is encrypted by the server");
        }
    }

    /** The embedded default: an H2 file database {@code spreekuur} in the data directory. */
    public static StoreSettings embedded(Path dataDir) {
        // H2 refuses paths that are implicitly relative to the working directory, so make it absolute.
        String base = dataDir.toAbsolutePath().normalize().resolve("spreekuur").toString();
        return new StoreSettings("jdbc:h2:file:" + base + H2_COMPATIBILITY + H2_FILE_OPTIONS, "sa", "",
                EMBEDDED_POOL_SIZE);
    }

    /** A private in-memory H2 database that lives until the JVM exits (tests, demos). */
    public static StoreSettings inMemory(String name) {
        return new StoreSettings("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + H2_COMPATIBILITY, "sa", "",
                EMBEDDED_POOL_SIZE);
    }

    public StoreSettings withMaxPoolSize(int size) {
        return new StoreSettings(jdbcUrl, user, password, size, appendQueueCapacity, appendMaxWait, sharedByNodes,
                fileKey);
    }

    public StoreSettings withAppendLimits(int queueCapacity, Duration maxWait) {
        return new StoreSettings(jdbcUrl, user, password, maxPoolSize, queueCapacity, maxWait, sharedByNodes,
                fileKey);
    }

    /** Settings for a store that several nodes write to (see {@link #sharedByNodes()}). */
    public StoreSettings withSharedByNodes(boolean shared) {
        return new StoreSettings(jdbcUrl, user, password, maxPoolSize, appendQueueCapacity, appendMaxWait, shared,
                fileKey);
    }

    /**
     * The embedded file database encrypted with {@code key} ({@link StoreKey}): H2's {@code CIPHER=AES} for its
     * file, and the same key (derived) for the journal and rebuild exports.
     */
    public StoreSettings encryptedWith(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key");
        }
        String url = encrypted() ? jdbcUrl : jdbcUrl + H2_CIPHER;
        return new StoreSettings(url, user, password, maxPoolSize, appendQueueCapacity, appendMaxWait, sharedByNodes,
                key);
    }

    /** The same database opened without its key: only for reading a database that is not encrypted yet. */
    public StoreSettings withoutEncryption() {
        return new StoreSettings(jdbcUrl.replace(H2_CIPHER, ""), user, password, maxPoolSize, appendQueueCapacity,
                appendMaxWait, sharedByNodes, "");
    }

    public boolean encrypted() {
        return !fileKey.isEmpty();
    }

    /** The password to connect with: H2 takes the file key and the user's password separated by a space. */
    public String jdbcPassword() {
        return encrypted() ? fileKey + " " + password : password;
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** An H2 database in a file, which only one server process opens at a time (H2 locks the file). */
    public boolean isH2File() {
        return jdbcUrl.startsWith("jdbc:h2:file:");
    }

    /** The URL without parameters, safe to log. */
    public String describe() {
        int semicolon = jdbcUrl.indexOf(';');
        int question = jdbcUrl.indexOf('?');
        int cut = jdbcUrl.length();
        if (semicolon >= 0) {
            cut = Math.min(cut, semicolon);
        }
        if (question >= 0) {
            cut = Math.min(cut, question);
        }
        return jdbcUrl.substring(0, cut);
    }

    @Override
    public String toString() {
        return "StoreSettings[" + describe() + ", user=" + user + ", maxPoolSize=" + maxPoolSize
                + (encrypted() ? ", encrypted" : "") + "]";
    }
}
