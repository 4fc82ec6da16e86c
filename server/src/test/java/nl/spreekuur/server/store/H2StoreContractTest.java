package nl.spreekuur.server.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on the embedded default: an H2 file database (not in-memory), encrypted with a store key, as
 * run with --data-dir.
 */
class H2StoreContractTest extends StoreContractTest {

    @TempDir
    static Path dataRoot;

    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected StoreSettings newDatabase() {
        int n = databases.incrementAndGet();
        Path dir = dataRoot.resolve("db-" + n);
        return StoreSettings.embedded(dir).encryptedWith(StoreKey.loadOrCreate(dataRoot.resolve("db-" + n + ".key"), dir));
    }

    /** V21: the idempotency key moves into the appender (store.jdbc.KnownClientIds). */
    @Override
    protected int ownMigrations() {
        return 1;
    }
}
