package nl.spreekuur.server.testsupport.browser;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository checkout. Tests run with the module directory ({@code server/}) as working directory under
 * Maven, but with the repository root or elsewhere in an IDE, so we walk up instead of assuming either.
 */
final class ProjectRoot {

    private static final String MARKER = "web-client/package.json";

    private ProjectRoot() {
    }

    static Path find() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project root (a directory containing " + MARKER
                + ") at or above " + start);
    }
}
