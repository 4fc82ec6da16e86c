package nl.spreekuur.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import nl.spreekuur.server.auth.Authenticator;
import nl.spreekuur.server.auth.PasswordChecks;
import nl.spreekuur.server.auth.SecondFactor;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.presence.PresenceManager;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.LocalSessions;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.session.SessionRevocations;

/**
 * What the server gives the services when it builds the {@link nl.spreekuur.server.session.Application}
 * (see {@link ApplicationFactory}). Everything here is owned by the server: services use it, never close it.
 */
public interface ServerContext {

    ServerConfig config();

    Clock clock();

    Store store();

    /**
     * The broker as the services see it: {@code publish}, {@code subscribe}, {@code unsubscribe} and
     * {@code isHealthy} go to the real broker; {@code start(listener)} registers the services' listener (the Hub)
     * for every channel but {@value SessionRevocations#CONTROL_CHANNEL}, which goes only to the
     * {@link SessionRevocations} and stays subscribed (they close revoked sessions' sockets from it; unsubscribing
     * it is ignored). {@code close()} does nothing: the
     * server closes the broker on stop.
     */
    Broker broker();

    /** The Prometheus registry; add service meters here. */
    MeterRegistry metrics();

    /** The authenticated connections of this node. */
    LocalSessions localSessions();

    /** Add REST routes here (before {@link SpreekuurServer#start()} binds, i.e. inside the factory). */
    Routes routes();

    Authenticator authenticator();

    /** Argon2 hashing and checks, on their own threads (never call Argon2 elsewhere). */
    PasswordChecks passwords();

    /** Staff accounts' second factor (TOTP, recovery codes, the organisation's policy). */
    SecondFactor secondFactor();

    /**
     * Who is present where, shared by every node ({@code broker=redis}: in Redis; {@code memory}: this node's
     * memory). Services use it through a {@link nl.spreekuur.server.presence.NodePresence}.
     */
    PresenceManager presenceManager();

    /** Revoke sessions (e.g. when an account is disabled): stored, and sockets closed on every node. */
    SessionRevocations revocations();

    /**
     * Rate-limit buckets shared by every node ({@code broker=redis}: synced through Redis; {@code memory}: this
     * node's memory): the per-address limits of capabilities (queue joins, knocks, consult links) hold for the
     * deployment, not per node.
     */
    RateLimiter rateLimiter();
}
