package nl.spreekuur.server.store;

import java.time.Clock;
import nl.spreekuur.server.store.jdbc.JdbcStore;

/** Opens the durable store: connects, migrates the schema to the newest version, and returns it ready to use. */
public final class StoreFactory {

    private StoreFactory() {
    }

    /**
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static Store open(StoreSettings settings, Clock clock) {
        return JdbcStore.open(settings, clock);
    }
}
