package nl.spreekuur.server.testsupport.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where browser screenshots go: {@code <spreekuur.test.artifacts>/screenshots/<name>.png}. Surefire sets
 * {@code spreekuur.test.artifacts} to {@code server/target}; without it (an IDE run) we fall back to
 * {@code target} in the working directory, so screenshots never end up in the source tree.
 */
public final class Screenshots {

    public static final String ARTIFACTS_PROPERTY = "spreekuur.test.artifacts";

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    private Screenshots() {
    }

    /** The screenshot folder, created if needed. */
    public static Path directory() {
        Path dir = Path.of(System.getProperty(ARTIFACTS_PROPERTY, "target"), "screenshots").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create screenshot folder " + dir, e);
        }
    }

    /** The file a screenshot called {@code name} is written to; odd characters in the name become '-'. */
    public static Path pathFor(String name) {
        String safe = UNSAFE.matcher(name).replaceAll("-");
        if (safe.isEmpty() || safe.startsWith(".")) {
            throw new IllegalArgumentException("unusable screenshot name: '" + name + "'");
        }
        return directory().resolve(safe + ".png");
    }

    static Path write(String name, byte[] png) {
        Path file = pathFor(name);
        try {
            return Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write screenshot " + file, e);
        }
    }
}
