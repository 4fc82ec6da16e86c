package nl.spreekuur.server;

import java.time.Clock;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreFactory;
import nl.spreekuur.server.store.StoreSettings;

/** Opens the JDBC store: embedded H2 in the data dir when store.url is empty, else the given JDBC URL. */
final class DefaultStoreOpener {
    private DefaultStoreOpener() {
    }

    static Store open(ServerConfig config, Clock clock) {
        return StoreFactory.open(settings(config), clock);
    }

    static StoreSettings settings(ServerConfig config) {
        if (config.embeddedStore()) {
            return StoreSettings.embedded(config.dataDir()).withMaxPoolSize(config.storePoolSize());
        }
        return new StoreSettings(config.storeUrl(), config.storeUser(), config.storePassword(),
                config.storePoolSize());
    }
}
