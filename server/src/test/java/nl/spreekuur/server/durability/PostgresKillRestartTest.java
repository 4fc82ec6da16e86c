package nl.spreekuur.server.durability;

import java.util.List;
import nl.spreekuur.server.testsupport.PostgresProcess;

/**
 * The kill test on PostgreSQL (the private test cluster). Only the Spreekuur process is killed; PostgreSQL keeps
 * running, so what it committed stays visible even though the test cluster runs without fsync.
 */
class PostgresKillRestartTest extends KillRestartTest {
    private String storeUrl;

    @Override
    protected List<String> storeArguments() {
        if (storeUrl == null) {
            storeUrl = PostgresProcess.shared().newDatabase();
        }
        return List.of("--store-url", storeUrl, "--store-user", PostgresProcess.shared().user());
    }
}
