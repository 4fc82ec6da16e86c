package nl.spreekuur.server;

import java.time.Clock;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.store.Store;

/** Opens the store the configuration asks for (embedded H2 in the data dir, or an external JDBC URL). */
@FunctionalInterface
public interface StoreOpener {
    Store open(ServerConfig config, Clock clock);
}
