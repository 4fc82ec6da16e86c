package nl.spreekuur.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.spreekuur.server.SpreekuurServer;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.testsupport.RecordingApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: the embedded store's files are private (POSIX) and H2 writes no trace file of its own. */
class DataDirectoryTest {

    @Test
    void aServerOnTheEmbeddedStoreKeepsItsDataDirectoryPrivate(@TempDir Path tmp) throws Exception {
        assumeTrue(DataDirectory.posix(), "POSIX file permissions");
        Path data = tmp.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path old = Files.writeString(data.resolve("left-over.txt"), "x");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));

        ServerConfig config = ServerConfig.fromValues(Map.of("bind", "127.0.0.1", "port", "0",
                "data-dir", data.toString(), "app.threads", "2"));
        try (SpreekuurServer server = SpreekuurServer.builder(config)
                .applicationFactory(RecordingApplication.factory()).build()) {
            server.start();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            List<Path> all;
            try (Stream<Path> walk = Files.walk(data)) {
                all = walk.filter(p -> !p.equals(data)).toList();
            }
            assertThat(all).extracting(p -> p.getFileName().toString()).contains("spreekuur.mv.db");
            assertThat(all).allSatisfy(p -> assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(p))).as("%s", p)
                    .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
        try (Stream<Path> walk = Files.walk(data)) {
            assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".trace.db"));
        }
    }

    @Test
    void h2WritesNoTraceFile() {
        assertThat(StoreSettings.embedded(Path.of("/tmp/x")).jdbcUrl()).contains(";TRACE_LEVEL_FILE=0");
    }
}
