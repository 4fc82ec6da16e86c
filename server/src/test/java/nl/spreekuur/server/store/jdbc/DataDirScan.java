package nl.spreekuur.server.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nl.spreekuur.server.store.StoreSettings;
import org.h2.store.fs.encrypt.FileEncrypt;
import org.h2.store.fs.encrypt.FilePathEncrypt;

/**
 * Reads every file of a data directory as someone holding the store key could: H2's file decrypted with the key
 * (H2's own {@link FileEncrypt}, the class behind {@code CIPHER=AES}), the journal's sealed records opened
 * ({@link JournalSeal}), every other file as it is. Then looks for marker strings in the bytes.
 *
 * <p>H2 compresses its pages (LZF): a later occurrence of a string in a page, and any run of 3 or more bytes that
 * repeats earlier bytes of the page, may be stored as a back-reference instead of literally. So {@link #markers}
 * are long random strings that share no 3 characters in a row with each other, and a marker counts as found when
 * any {@value #WINDOW} characters of it in a row are: a chance match of a few bytes with other data breaks one
 * window, not all of them. Tests also prove that the scan finds what it looks for (kept content).
 */
public final class DataDirScan {
    /** Characters of a marker that must appear in a row for it to count as found. */
    static final int WINDOW = 8;
    private static final int MARKER_LENGTH = 24;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path dataDir;
    private final StoreSettings settings;

    public DataDirScan(Path dataDir, StoreSettings settings) {
        this.dataDir = dataDir;
        this.settings = settings;
    }

    /**
     * {@code count} markers of {@value #MARKER_LENGTH} letters and digits (a valid nickname, too) in which no 3
     * characters in a row occur twice, within one marker or across them.
     */
    public static List<String> markers(int count) {
        java.util.Random random = new java.security.SecureRandom();
        java.util.Set<String> used = new java.util.HashSet<>();
        List<String> markers = new ArrayList<>();
        while (markers.size() < count) {
            StringBuilder marker = new StringBuilder();
            java.util.Set<String> mine = new java.util.HashSet<>();
            while (marker.length() < MARKER_LENGTH) {
                char next = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                int n = marker.length();
                String gram = n >= 2 ? "" + marker.charAt(n - 2) + marker.charAt(n - 1) + next : null;
                if (gram != null && (used.contains(gram) || mine.contains(gram))) {
                    continue;
                }
                if (gram != null) {
                    mine.add(gram);
                }
                marker.append(next);
            }
            used.addAll(mine);
            markers.add(marker.toString());
        }
        return markers;
    }

    /** The files (relative to the data dir) whose readable bytes hold {@link #WINDOW} marker characters in a row. */
    public List<String> filesContaining(String marker) {
        List<byte[]> needles = new ArrayList<>();
        for (int i = 0; i + Math.min(WINDOW, marker.length()) <= marker.length(); i++) {
            needles.add(marker.substring(i, i + Math.min(WINDOW, marker.length())).getBytes(StandardCharsets.UTF_8));
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path file : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                try {
                    byte[] bytes = readable(file);
                    if (needles.stream().anyMatch(needle -> contains(bytes, needle))) {
                        found.add(dataDir.relativize(file).toString());
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // deleted since it was listed (a journal segment after a checkpoint): nothing left to read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private byte[] readable(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".mv.db") && settings.encrypted() && H2Rebuild.encryptedFile(file)) {
            return decrypted(file);
        }
        if (name.endsWith(JournalSeal.SEALED_SUFFIX) || name.endsWith(JournalSeal.CLEAR_SUFFIX)) {
            return unsealed(file);
        }
        return Files.readAllBytes(file);
    }

    /** H2 takes the first word of the password as the file password ({@code CIPHER=AES}). */
    private byte[] decrypted(Path file) throws IOException {
        byte[] key = FilePathEncrypt.getPasswordBytes(settings.fileKey().toCharArray());
        try (FileChannel base = FileChannel.open(file, StandardOpenOption.READ)) {
            FileEncrypt decrypting = new FileEncrypt(file.toString(), key, base);
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(decrypting.size()));
            while (bytes.hasRemaining() && decrypting.read(bytes, bytes.position()) > 0) {
                // read until the end
            }
            byte[] all = bytes.array();
            if (!new String(all, 0, Math.min(all.length, 3), StandardCharsets.US_ASCII).equals("H:2")) {
                // an I/O failure like a read past the end: a compaction may be rewriting the file right now (callers
                // that poll retry those); with another key it stays so, and the caller fails
                throw new IOException("not decrypted (being rewritten, or another key): " + file);
            }
            return all;
        }
    }

    /** The records of one segment as they were before sealing. */
    private byte[] unsealed(Path segment) throws IOException {
        Path alone = Files.createTempDirectory("scan");
        try {
            Files.copy(segment, alone.resolve("journal-0000000000000001" + suffix(segment)));
            JournalSeal seal = settings.encrypted() ? JournalSeal.withStoreKey(settings.fileKey()) : JournalSeal.clear();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (JournalRecord record : Journal.readAll(alone, seal)) {
                out.write(record.encode());
            }
            return out.toByteArray();
        } finally {
            try (Stream<Path> files = Files.list(alone)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(alone);
        }
    }

    private static String suffix(Path segment) {
        return segment.getFileName().toString().endsWith(JournalSeal.SEALED_SUFFIX) ? JournalSeal.SEALED_SUFFIX
                : JournalSeal.CLEAR_SUFFIX;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
