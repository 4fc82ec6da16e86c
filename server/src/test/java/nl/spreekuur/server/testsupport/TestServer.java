package nl.spreekuur.server.testsupport;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import nl.spreekuur.server.ApplicationFactory;
import nl.spreekuur.server.ServerContext;
import nl.spreekuur.server.SpreekuurServer;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.auth.Tokens;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.session.Application;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;

/**
 * A real {@link SpreekuurServer} on a free loopback port for tests, with a {@link TestClock} and helpers to
 * create organisations, accounts and tokens directly in its store.
 *
 * <pre>
 * try (TestServer server = TestServer.builder().set("rate.burst", "5").start();
 *      TestWsClient ws = server.connectAnonymous(TestWsClient.PROTO)) {
 *     ws.send(ClientMessage.newBuilder().setRequestId("1").setPing(Ping.getDefaultInstance()).build());
 * }
 * </pre>
 */
public final class TestServer implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-11-23T14:00:00Z");
    /** One store key file per test JVM (the test stores themselves are in memory and unencrypted). */
    static final java.nio.file.Path TEST_KEY_FILE = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
            "spreekuur-test-" + UUID.randomUUID(), "store.key");

    /** A token as handed to a client, with the ids behind it. */
    public record Token(String token, String principalId, String sessionId) {
    }

    private final SpreekuurServer server;
    private final TestClock clock;
    private final Application application;

    private TestServer(SpreekuurServer server, TestClock clock, Application application) {
        this.server = server;
        this.clock = clock;
        this.application = application;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, String> config = new LinkedHashMap<>();
        private ApplicationFactory application = RecordingApplication.factory();
        private TestClock clock = new TestClock(START);
        private String staticRoot = "web";
        private StoreOpener store;

        private Builder() {
            config.put("bind", "127.0.0.1");
            config.put("port", "0");
            config.put("app.threads", "4");
            config.put("rate.messages-per-second", "1000");
            config.put("rate.burst", "1000");
            config.put("shutdown.grace-seconds", "3");
            // Every test client comes from 127.0.0.1: the per-address limits are raised so that only the tests
            // of those limits (which set them) meet them.
            config.put("login.address-burst", "100000");
            config.put("login.address-per-minute", "100000");
            config.put("login.free-failures", "1000");
            config.put("anonymous.address-burst", "100000");
            config.put("anonymous.address-per-minute", "100000");
            config.put("anonymous.pow-bits", "0");
            config.put("officehours.join-address-burst", "100000");
            config.put("officehours.join-address-per-minute", "100000");
            config.put("officehours.offline-address-burst", "100000");
            config.put("officehours.offline-address-per-minute", "100000");
            config.put("officehours.max-waiting-per-address", "100000");
            config.put("limits.connections-per-address", "100000");
            // TOTP secrets are sealed under the store key file, created on the first enrolment: not in the work tree
            config.put("store.key-file", TEST_KEY_FILE.toString());
            // the embedded STUN responder would take UDP 3478 in every test server; tests that want it set a port
            config.put("calls.stun-port", "0");
        }

        public Builder set(String key, String value) {
            config.put(key, value);
            return this;
        }

        public Builder application(ApplicationFactory factory) {
            this.application = factory;
            return this;
        }

        public Builder clock(TestClock clock) {
            this.clock = clock;
            return this;
        }

        /** A store of the test's choice (e.g. a PostgreSQL database several servers share) instead of private H2. */
        public Builder store(StoreSettings settings) {
            this.store = StoreOpener.of(settings);
            return this;
        }

        public Builder staticRoot(String root) {
            this.staticRoot = root;
            return this;
        }

        public TestServer start() {
            AtomicReference<Application> created = new AtomicReference<>();
            SpreekuurServer server = SpreekuurServer.builder(ServerConfig.fromValues(config))
                    .clock(clock)
                    .applicationFactory(context -> {
                        Application app = application.create(context);
                        created.set(app);
                        return app;
                    })
                    .storeOpener(store != null ? store : testStore())
                    .staticRoot(staticRoot)
                    .build();
            server.start();
            return new TestServer(server, clock, created.get());
        }
    }

    /** The store every test server uses. */
    static StoreOpener testStore() {
        return StoreOpener.of(StoreSettings.inMemory("transport-" + UUID.randomUUID()));
    }

    /** The application the factory built, e.g. {@code server.application(RecordingApplication.class)}. */
    public <T extends Application> T application(Class<T> type) {
        return type.cast(application);
    }

    public RecordingApplication recording() {
        return application(RecordingApplication.class);
    }

    public SpreekuurServer server() {
        return server;
    }

    public ServerContext context() {
        return server.context();
    }

    public Store store() {
        return server.context().store();
    }

    public TestClock clock() {
        return clock;
    }

    public int port() {
        return server.port();
    }

    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
    }

    public URI http(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /**
     * A socket in the given encoding that has said Hello with a new anonymous token of organisation "demo", for
     * transport tests where who is connected does not matter.
     */
    public TestWsClient connectAnonymous(String subprotocol) throws Exception {
        TestWsClient ws = TestWsClient.connect(wsUri(), subprotocol);
        try {
            ws.hello(anonymousToken(organisation("demo")).token());
            return ws;
        } catch (AssertionError | InterruptedException | RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    public Organisation organisation(String slug) {
        return store().organisations().bySlug(slug)
                .orElseGet(() -> store().organisations().create(slug, "Organisatie " + slug));
    }

    /** A staff account with an unusable password hash (tests that log in set a real one). */
    public Account staff(Organisation org, String username, Role... roles) {
        return store().accounts().create(org.id(), username, "Staff " + username, "$argon2id$unusable",
                Set.of(roles));
    }

    public Token staffToken(Account account) {
        return token(Sessions.Kind.STAFF, account.id(), account.organisationId(),
                context().config().staffSessionTtl());
    }

    public Token anonymousToken(Organisation org) {
        return token(Sessions.Kind.ANONYMOUS_CLIENT, null, org.id(), context().config().anonymousSessionTtl());
    }

    public Token token(Sessions.Kind kind, String accountId, String organisationId, java.time.Duration ttl) {
        String token = Tokens.newToken();
        Instant now = clock.instant();
        Sessions.Session session = store().sessions().create(Tokens.hash(token), kind, accountId, organisationId,
                now, now.plus(ttl));
        return new Token(token, accountId == null ? session.id() : accountId, session.id());
    }

    @Override
    public void close() {
        server.stop();
    }
}
