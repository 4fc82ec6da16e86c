package nl.spreekuur.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded store's data directory, private to the service user on POSIX file systems: the directory (and the
 * directories in it) 0700, its files 0600. Applied before the store opens (creating the directory) and again after
 * (H2 and the journal created their files with the process umask); files made later inherit the umask, which
 * {@code bin/spreekuur} sets to 077, and the 0700 directory keeps other users out of them in any case. Elsewhere
 * (Windows) nothing is changed.
 */
public final class DataDirectory {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the directory if needed and makes it and everything in it private. */
    public static void secure(Path dir) {
        try {
            if (!posix()) {
                Files.createDirectories(dir);
                return;
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    if (Files.isSymbolicLink(p)) {
                        continue;
                    }
                    Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIRECTORY : FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory private: " + dir, e);
        }
    }
}
