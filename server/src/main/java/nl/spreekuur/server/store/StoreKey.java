package nl.spreekuur.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's encryption key: 32 random bytes, kept as 64 hex characters in a file of its own
 * ({@code store.key-file}) outside the data directory, so a copy of the data directory (a backup, a disk image,
 * a file left behind) is unreadable without it. Created on the first start, 0600, written under another name,
 * fsync'd and hard-linked into place, so a crash never leaves half a key and of several processes creating it at
 * once one key wins. Used for the H2 file ({@code CIPHER=AES}), the journal's records and rebuild exports, the
 * staff's TOTP secrets, and to sign anonymous clients' tokens, also with PostgreSQL (see {@code docs/security.md},
 * "Data at rest" and "Sessions and tokens").
 */
public final class StoreKey {
    private static final Logger LOG = LoggerFactory.getLogger(StoreKey.class);
    private static final int KEY_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private StoreKey() {
    }

    /**
     * The key in {@code keyFile}, created first if the file does not exist.
     *
     * @throws StoreException if the file lies inside {@code dataDir}, cannot be read or written, or holds no key
     */
    public static String loadOrCreate(Path keyFile, Path dataDir) {
        Path key = keyFile.toAbsolutePath().normalize();
        if (key.startsWith(dataDir.toAbsolutePath().normalize())) {
            throw new StoreException("store.key-file must lie outside the data directory");
        }
        try {
            if (Files.exists(key)) {
                return read(key);
            }
            return create(key);
        } catch (IOException e) {
            throw new StoreException("cannot read or create the store key file " + key, e);
        }
    }

    private static String read(Path key) throws IOException {
        if (DataDirectory.posix()) {
            Files.setPosixFilePermissions(key, DataDirectory.FILE);
        }
        String text = Files.readString(key, StandardCharsets.US_ASCII).strip();
        if (text.length() != 2 * KEY_BYTES || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new StoreException("the store key file " + key + " does not hold a key (64 hex characters)");
        }
        return text.toLowerCase(java.util.Locale.ROOT);
    }

    private static String create(Path key) throws IOException {
        byte[] bytes = new byte[KEY_BYTES];
        SecureRandom random = new SecureRandom();
        random.nextBytes(bytes);
        String text = HEX.formatHex(bytes);
        Path dir = key.getParent();
        Files.createDirectories(dir);
        // A name of its own per attempt: nodes of a deployment starting at once on a shared key path must not
        // write into each other's partial file.
        Path partial = dir.resolve(key.getFileName() + ".part-" + Long.toHexString(random.nextLong()));
        if (DataDirectory.posix()) {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(DataDirectory.FILE));
        } else {
            Files.createFile(partial);
        }
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            // A link, unlike a rename, never replaces: whoever links first wins, the others read that key.
            Files.createLink(key, partial);
        } catch (java.nio.file.FileAlreadyExistsException another) {
            return read(key);
        } finally {
            Files.deleteIfExists(partial);
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
        LOG.info("created the store key file {}: keep it apart from backups of the data directory", key);
        return text;
    }
}
