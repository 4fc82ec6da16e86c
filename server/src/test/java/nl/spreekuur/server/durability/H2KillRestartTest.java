package nl.spreekuur.server.durability;

import java.util.List;
import org.junit.jupiter.api.Disabled;

/**
 * The kill test on the embedded default: an H2 file database in the data dir.
 *
 * <p>Disabled until issue 8's store change lands: today H2 acknowledges before the write is on disk, and this
 * test fails the way the issue describes (acknowledged messages lost after SIGKILL, and the resuming app told
 * {@code recovered: true} over the changed past). Run it anyway with
 * {@code -Dtest=H2KillRestartTest -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}; delete
 * the annotation with the fix.
 */
@Disabled("issue 8: H2 acknowledges before the write is on disk; enable with the durable-ack change")
class H2KillRestartTest extends KillRestartTest {

    @Override
    protected List<String> storeArguments() {
        return List.of("--data-dir", dir.resolve("data").toString());
    }
}
