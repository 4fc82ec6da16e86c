package nl.spreekuur.server;

import nl.spreekuur.server.session.Application;

/**
 * Builds the services once the server's parts exist. The one seam between the server core and the services:
 * {@code Main} uses {@link SpreekuurServer#defaultApplicationFactory()}, tests pass their own.
 */
@FunctionalInterface
public interface ApplicationFactory {
    Application create(ServerContext context);
}
