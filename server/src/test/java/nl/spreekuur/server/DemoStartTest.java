package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import nl.spreekuur.server.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --demo} as a script uses it: start the server, wait until {@code /healthz} answers 200, read the demo
 * password from standard output. The password is printed before the port is bound, so it is there by the time
 * the server can answer anything at all; and it works.
 */
class DemoStartTest {
    @TempDir
    Path dir;

    @Test
    void thePasswordIsPrintedBeforeTheServerAnswers() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("server.log"), List.of("--demo",
                "--data-dir", dir.resolve("data").toString(), "--bind", "127.0.0.1", "--port", "0"))) {
            assertThat(server.status("/healthz")).isEqualTo(200);

            List<String> output = server.outputSoFar();
            int password = indexOf(output, "password: ");
            int running = indexOf(output, " is running at ");
            assertThat(password).as("password line in %s", output).isNotNegative();
            assertThat(password).as("password line before the server listens, in %s", output).isLessThan(running);
            assertThat(output).anySatisfy(line -> assertThat(line).contains("/s/demo/inloop"));

            assertThat(server.login(DemoSetup.ORGANISATION, DemoSetup.PROFESSIONAL, server.demoPassword()))
                    .isNotBlank();
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
