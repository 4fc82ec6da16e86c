package nl.spreekuur.server.transport;

import java.time.Clock;
import nl.spreekuur.server.auth.AnonymousSessions;
import nl.spreekuur.server.auth.Authenticator;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.http.HttpRouter;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.Application;
import nl.spreekuur.server.session.LocalSessions;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Store;

/** What the pipeline's handlers need, shared by all connections. */
public record TransportServices(ServerConfig config, Clock clock, ServerMetrics metrics, Store store,
                                Authenticator authenticator, AnonymousSessions anonymousSessions,
                                Application application, LocalSessions localSessions,
                                SessionRevocations revocations, RateLimiter rateLimiter, HttpRouter httpRouter) {
}
