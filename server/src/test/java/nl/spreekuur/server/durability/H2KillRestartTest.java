package nl.spreekuur.server.durability;

import java.util.List;

/**
 * The kill test on the embedded default: an H2 file database in the data dir (acknowledged messages are in its
 * journal; a restart after the kill re-applies them and starts a new store generation).
 */
class H2KillRestartTest extends KillRestartTest {

    @Override
    protected List<String> storeArguments() {
        return List.of("--data-dir", dir.resolve("data").toString());
    }
}
