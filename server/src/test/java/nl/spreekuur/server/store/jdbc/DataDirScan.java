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
 * <p>H2 compresses its pages (LZF), which keeps the first occurrence of a string in a page literal but may replace
 * later ones, and parts of one that repeat earlier bytes, by back-references: markers are therefore made of
 * characters no other stored text uses, and a test proves that its scan finds what it looks for.
 */
public final class DataDirScan {
    private final Path dataDir;
    private final StoreSettings settings;

    public DataDirScan(Path dataDir, StoreSettings settings) {
        this.dataDir = dataDir;
        this.settings = settings;
    }

    /** The files (relative to the data dir) whose readable bytes contain {@code marker}. */
    public List<String> filesContaining(String marker) {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path file : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                try {
                    if (contains(readable(file), needle)) {
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
                throw new IllegalStateException("not decrypted: " + file);
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
