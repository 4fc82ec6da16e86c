package nl.spreekuur.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import nl.spreekuur.server.auth.AnonymousSessions;
import nl.spreekuur.server.auth.Authenticator;
import nl.spreekuur.server.auth.LoginBackoff;
import nl.spreekuur.server.auth.PasswordChecks;
import nl.spreekuur.server.auth.RecentSessions;
import nl.spreekuur.server.auth.ProofOfWork;
import nl.spreekuur.server.auth.SecondFactor;
import nl.spreekuur.server.auth.SessionIssuer;
import nl.spreekuur.server.auth.TotpSecrets;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.auth.TokenRevocations;
import nl.spreekuur.server.auth.SignedTokens;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.config.Limits;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.http.AuthEndpoints;
import nl.spreekuur.server.http.HealthEndpoints;
import nl.spreekuur.server.http.HttpRouter;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.http.StaticFiles;
import nl.spreekuur.server.logging.NettyLogLevel;
import nl.spreekuur.server.metrics.ServerMetrics;
import nl.spreekuur.server.presence.PresenceManager;
import nl.spreekuur.server.ratelimit.RateLimiter;
import nl.spreekuur.server.session.Application;
import nl.spreekuur.server.session.LocalSessions;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.transport.NettyTransport;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.transport.TransportServices;
import nl.spreekuur.server.transport.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spreekuur node: builds and owns the store, broker, metrics, local sessions, authenticator, the services
 * (through an {@link ApplicationFactory}) and the Netty transport.
 *
 * <pre>
 * SpreekuurServer server = SpreekuurServer.builder(config).applicationFactory(ctx -> new MyApplication(ctx)).build();
 * int port = server.start();   // binds (port 0 = any free port)
 * ...
 * server.stop();               // drain: 1012 to every socket, presence removed, then broker and store closed
 * </pre>
 */
public final class SpreekuurServer implements AutoCloseable {
    static {
        NettyLogLevel.pin(); // before any Netty class creates its logger
    }

    private static final Logger log = LoggerFactory.getLogger(SpreekuurServer.class);
    /** How long queued requests and disconnects may still run on stop before the rest is dropped (one log line). */
    private static final Duration WORKER_GRACE = Duration.ofSeconds(5);

    /** The services Main runs. The seam where the services are plugged into the server core. */
    public static ApplicationFactory defaultApplicationFactory() {
        return new Services();
    }

    /** The services' part of {@code --demo} (office hours etc.), next to {@link #defaultApplicationFactory()}. */
    public static DemoSeeder defaultDemoSeeder() {
        return Services::seedDemo;
    }

    public static Builder builder(ServerConfig config) {
        return new Builder(config);
    }

    public static final class Builder {
        private final ServerConfig config;
        private Clock clock = Clock.systemUTC();
        private ApplicationFactory applicationFactory = defaultApplicationFactory();
        private StoreOpener storeOpener = StoreOpener.fromConfig();
        private String staticRoot = "web";
        private Consumer<ServerContext> beforeBind = context -> { };

        private Builder(ServerConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder applicationFactory(ApplicationFactory factory) {
            this.applicationFactory = Objects.requireNonNull(factory);
            return this;
        }

        public Builder storeOpener(StoreOpener opener) {
            this.storeOpener = Objects.requireNonNull(opener);
            return this;
        }

        /** Classpath folder of the browser app; "web" (the web-client module) unless a test wants its own. */
        public Builder staticRoot(String root) {
            this.staticRoot = Objects.requireNonNull(root);
            return this;
        }

        /**
         * Runs once the services are built and before the port is bound, so nothing it does or prints can be
         * overtaken by a request (e.g. {@code --demo}: the demo data and its password, printed before
         * {@code /healthz} can answer).
         */
        public Builder beforeBind(Consumer<ServerContext> action) {
            this.beforeBind = Objects.requireNonNull(action);
            return this;
        }

        public SpreekuurServer build() {
            return new SpreekuurServer(this);
        }
    }

    private final ServerConfig config;
    private final Clock clock;
    private final ApplicationFactory applicationFactory;
    private final StoreOpener storeOpener;
    private final String staticRoot;
    private final Consumer<ServerContext> beforeBind;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    private Context context;
    private NettyTransport transport;
    private WorkerPool workers;
    private ScheduledExecutorService expirySweep;
    private int port = -1;
    private boolean stopped;
    /** Set first thing on stop: /readyz answers 503 "not ready: draining" from then on. */
    private volatile boolean draining;
    private final java.util.concurrent.CountDownLatch stoppedLatch = new java.util.concurrent.CountDownLatch(1);

    private SpreekuurServer(Builder builder) {
        this.config = builder.config;
        this.clock = builder.clock;
        this.applicationFactory = builder.applicationFactory;
        this.storeOpener = builder.storeOpener;
        this.staticRoot = builder.staticRoot;
        this.beforeBind = builder.beforeBind;
    }

    /**
     * Opens the store and broker, builds the services and binds.
     *
     * @return the bound port
     */
    public synchronized int start() {
        if (port >= 0) {
            return port;
        }
        long started = System.nanoTime();
        try {
            ServerMetrics metrics = new ServerMetrics();
            toClose.push(metrics);
            Store store = storeOpener.open(config, clock);
            toClose.push(store);
            SharedState shared = SharedState.open(config, clock, metrics.registry());
            shared.resources().forEach(toClose::push);
            Broker broker = shared.broker();
            LocalSessions localSessions = new LocalSessions();
            TokenRevocations tokenRevocations = shared.tokenRevocations();
            SessionRevocations revocations = new SessionRevocations(store, broker, localSessions, tokenRevocations,
                    config.anonymousSessionTtl(), clock);
            ApplicationBroker applicationBroker = new ApplicationBroker(broker, revocations);
            broker.start(applicationBroker.dispatcher());
            broker.subscribe(SessionRevocations.CONTROL_CHANNEL);

            Limits limits = config.limits();
            PasswordChecks passwords = new PasswordChecks(limits.passwordThreads(), limits.passwordQueue(),
                    metrics.registry());
            toClose.push(passwords);
            RecentSessions recentSessions = new RecentSessions(clock);
            // Anonymous tokens are signed and TOTP secrets sealed under keys derived from the store key file, the same
            // on every node, also with PostgreSQL
            String storeKey = StoreKey.loadOrCreate(config.storeKeyFile(), config.dataDir());
            SignedTokens signedTokens = SignedTokens.fromStoreKey(storeKey);
            signedTokens.requireRegistered(store.sessions());
            revocations.restoreUnstored();
            Authenticator authenticator = new Authenticator(store, tokenRevocations, recentSessions, signedTokens,
                    config.anonymousSessionTtl(), clock);
            SecondFactor secondFactor = new SecondFactor(store.secondFactors(), new TotpSecrets(() -> storeKey), clock);
            SessionIssuer issuer = new SessionIssuer(store, passwords, secondFactor, new LoginBackoff(clock,
                    limits.loginFreeFailures(), limits.loginBackoffBase(), limits.loginBackoffMax()),
                    recentSessions, signedTokens, clock, config.staffSessionTtl(), config.anonymousSessionTtl());
            RateLimiter rateLimiter = shared.rateLimiter();
            workers = new WorkerPool(config.effectiveAppThreads(), clock);
            Routes routes = new Routes();
            new HealthEndpoints(store::isHealthy, broker::isHealthy, () -> draining, metrics).register(routes);
            AnonymousSessions anonymousSessions = new AnonymousSessions(issuer, rateLimiter,
                    new RateLimiter.Limit(limits.anonymousPerAddress().burst(), limits.anonymousPerAddress().perSecond()),
                    new ProofOfWork(clock, limits.anonymousPowBits(), limits.anonymousPowAbovePerMinute()));
            new AuthEndpoints(issuer, authenticator, revocations, rateLimiter, limits, workers, anonymousSessions)
                    .register(routes);

            context = new Context(config, clock, store, applicationBroker, metrics, localSessions, routes,
                    authenticator, passwords, secondFactor, revocations, shared.presence(), rateLimiter);
            Application application = applicationFactory.create(context);
            toClose.push(application);
            beforeBind.accept(context);

            HttpRouter router = new HttpRouter(routes, new StaticFiles(SpreekuurServer.class.getClassLoader(),
                    staticRoot, config.webExitUrl()), workers, limits.trustedProxies());
            transport = new NettyTransport(new TransportServices(config, clock, metrics, store, authenticator,
                    anonymousSessions, application, localSessions, revocations, rateLimiter, router),
                    workers);
            port = transport.bind();

            expirySweep = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("spreekuur-expiry",
                    true));
            expirySweep.scheduleAtFixedRate(() -> sweep(revocations), 1, 1, TimeUnit.SECONDS);
            long restore = SessionRevocations.RESTORE_INTERVAL.toMillis();
            expirySweep.scheduleWithFixedDelay(() -> restoreRevocations(revocations), restore, restore,
                    TimeUnit.MILLISECONDS);
            long revalidate = limits.staffRevalidateInterval().toMillis();
            expirySweep.scheduleWithFixedDelay(() -> revalidateStaff(revocations), revalidate, revalidate,
                    TimeUnit.MILLISECONDS);
            log.info("started in {} ms; {}", (System.nanoTime() - started) / 1_000_000, config.publicUrl(port));
            return port;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private static void revalidateStaff(SessionRevocations revocations) {
        try {
            int revoked = revocations.revalidateStaff();
            if (revoked > 0) {
                log.info("staff revalidation revoked {} session(s)", revoked);
            }
        } catch (RuntimeException e) {
            log.warn("staff revalidation failed: {}", e.getClass().getName());
        }
    }

    private static void restoreRevocations(SessionRevocations revocations) {
        try {
            revocations.restoreUnstored();
        } catch (RuntimeException e) {
            log.warn("restoring token revocations from the store failed: {}", e.getClass().getName());
        }
    }

    private static void sweep(SessionRevocations revocations) {
        try {
            revocations.closeExpired();
        } catch (RuntimeException e) {
            log.warn("expiry sweep failed: {}", e.toString());
        }
    }

    /**
     * Graceful shutdown, a <b>drain</b> (SIGTERM runs it): {@code /readyz} answers 503 "not ready: draining" and new
     * WebSocket upgrades 503 at once; every socket is closed with 1012 "service restart" (clients reconnect at once,
     * to another node), waiting up to shutdown.grace-seconds for the close handshakes; the listening socket closes;
     * the services' disconnect work runs (this node's presence entries are removed from the shared presence, so
     * other nodes see the departures at once, not after the TTL); then broker and store are closed. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        draining = true;
        if (transport != null) {
            transport.drain();
        }
        if (expirySweep != null) {
            expirySweep.shutdownNow();
        }
        if (transport != null) {
            log.info("draining: {} connection(s) told to reconnect elsewhere (1012)", transport.openChannels());
            transport.closeConnections(config.shutdownGrace());
            transport.stopAccepting();
        }
        // Event loops first: a channel's close future completes before its channelInactive runs, and those
        // pending inactive events hand the services their onDisconnected work. Stopping the loops gracefully runs
        // them, so the worker pool (stopped next, also gracefully) still receives and runs that work.
        if (transport != null) {
            transport.shutdown();
        }
        if (workers != null) {
            workers.shutdown(WORKER_GRACE);
        }
        while (!toClose.isEmpty()) {
            AutoCloseable resource = toClose.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        log.info("stopped");
        stoppedLatch.countDown();
    }

    /** Blocks until {@link #stop()} has finished (e.g. from the SIGTERM shutdown hook). */
    public void awaitStop() throws InterruptedException {
        stoppedLatch.await();
    }

    @Override
    public void close() {
        stop();
    }

    /** The bound port; -1 before {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    public ServerConfig config() {
        return config;
    }

    /** The parts the services got; available after {@link #start()}. */
    public synchronized ServerContext context() {
        if (context == null) {
            throw new IllegalStateException("not started");
        }
        return context;
    }

    /** The URL people open (public-url, or http://localhost:PORT/). */
    public String publicUrl() {
        return config.publicUrl(port());
    }

    private record Context(ServerConfig config, Clock clock, Store store, Broker broker, ServerMetrics serverMetrics,
                           LocalSessions localSessions, Routes routes, Authenticator authenticator,
                           PasswordChecks passwords, SecondFactor secondFactor, SessionRevocations revocations,
                           PresenceManager presenceManager, RateLimiter rateLimiter) implements ServerContext {
        @Override
        public MeterRegistry metrics() {
            return serverMetrics.registry();
        }
    }
}
