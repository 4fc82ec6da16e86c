package nl.spreekuur.server.store;

import java.time.Clock;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.store.jdbc.JdbcStore;

/**
 * The one seam through which a {@link Store} is opened. The server takes an opener ({@link #fromConfig()} in
 * production, an in-memory database in tests); {@link #open(StoreSettings, Clock)} opens the JDBC store directly.
 * An opened store is connected and migrated to the newest schema version.
 */
@FunctionalInterface
public interface StoreOpener {

    /**
     * @throws StoreException if the database cannot be reached or migrated
     */
    Store open(ServerConfig config, Clock clock);

    /**
     * The JDBC store the configuration asks for: embedded H2 in the data dir when store.url is empty (the data
     * dir made private first and after: {@link DataDirectory}; encrypted with the key in {@code store.key-file},
     * created on the first start: {@link StoreKey}).
     */
    static StoreOpener fromConfig() {
        return (config, clock) -> {
            if (!config.embeddedStore()) {
                return open(settings(config), clock);
            }
            DataDirectory.secure(config.dataDir());
            String key = StoreKey.loadOrCreate(config.storeKeyFile(), config.dataDir());
            Store store = open(settings(config).encryptedWith(key), clock);
            DataDirectory.secure(config.dataDir());
            return store;
        };
    }

    /** An opener that ignores the configuration and opens the given database (tests). */
    static StoreOpener of(StoreSettings settings) {
        return (config, clock) -> open(settings, clock);
    }

    /**
     * @throws StoreException if the database cannot be reached or migrated
     */
    static Store open(StoreSettings settings, Clock clock) {
        return JdbcStore.open(settings, clock);
    }

    static StoreSettings settings(ServerConfig config) {
        if (config.embeddedStore()) {
            return StoreSettings.embedded(config.dataDir()).withMaxPoolSize(config.storePoolSize());
        }
        return new StoreSettings(config.storeUrl(), config.storeUser(), config.storePassword(),
                config.storePoolSize()).withSharedByNodes(config.broker() == ServerConfig.BrokerKind.REDIS);
    }
}
