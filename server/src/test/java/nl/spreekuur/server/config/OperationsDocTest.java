package nl.spreekuur.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/operations.md documents every configuration key with its environment variable and default. */
class OperationsDocTest {

    @Test
    void everyConfigKeyHasARowWithItsEnvironmentVariableAndDefault() throws Exception {
        List<String> lines = Files.readAllLines(operationsDoc());
        for (ConfigKey key : ConfigKey.values()) {
            String shownDefault = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
            assertThat(lines).as(key.key()).anySatisfy(line -> assertThat(line)
                    .startsWith("| `" + key.key() + "` | `" + key.environmentVariable() + "` | " + shownDefault
                            + " |"));
        }
    }

    /** Maven runs tests in server/, an IDE perhaps in the repository root: look upwards. */
    private static Path operationsDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/operations.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/operations.md not found above " + Path.of("").toAbsolutePath());
    }
}
