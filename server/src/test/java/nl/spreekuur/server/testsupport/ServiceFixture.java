package nl.spreekuur.server.testsupport;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.conversation.ConversationSettings;
import nl.spreekuur.server.presence.InMemoryPresenceManager;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.LocalSessions;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;

/**
 * The service layer of one node, assembled as in production (real JDBC store on in-memory H2, in-memory broker,
 * hub), without sockets. For service tests that drive {@link RecordingSession}s.
 */
public final class ServiceFixture implements AutoCloseable {
    private final TestClock clock;
    private final Store store;
    private final Broker broker;
    private final Hub hub;
    private final ExecutorService backfill = Executors.newSingleThreadExecutor();
    private final NodePresence presence;
    private final Auditor auditor;
    private final ConversationService conversations;

    private ServiceFixture(Store store, Broker broker, TestClock clock) {
        this.clock = clock;
        this.store = store;
        this.broker = broker;
        this.hub = new Hub(broker, new LocalSessions(), store.conversations(), backfill);
        hub.start();
        this.presence = new NodePresence(new InMemoryPresenceManager(clock));
        this.auditor = new Auditor(store.audit(), clock);
        this.conversations = new ConversationService(store.conversations(), hub, presence, auditor, clock,
                ConversationSettings.defaults());
    }

    public static ServiceFixture start() {
        return start(StoreSettings.inMemory("svc-" + UUID.randomUUID()));
    }

    /** The services on the given store (e.g. an encrypted embedded file store). */
    public static ServiceFixture start(StoreSettings settings) {
        TestClock clock = new TestClock(TestServer.START);
        Store store = StoreOpener.open(settings, clock);
        return new ServiceFixture(store, new SharedBroker(), clock);
    }

    public TestClock clock() {
        return clock;
    }

    public Store store() {
        return store;
    }

    /** Shared with simulated other nodes: {@code broker().start(listener)} adds one. */
    public Broker broker() {
        return broker;
    }

    public Hub hub() {
        return hub;
    }

    public NodePresence presence() {
        return presence;
    }

    public Auditor auditor() {
        return auditor;
    }

    public ConversationService conversations() {
        return conversations;
    }

    /** Creates an organisation and returns its id. */
    public String organisation(String slug) {
        return store.organisations().create(slug, "Organisatie " + slug).id();
    }

    @Override
    public void close() {
        broker.close();
        backfill.shutdownNow();
        store.close();
    }
}
