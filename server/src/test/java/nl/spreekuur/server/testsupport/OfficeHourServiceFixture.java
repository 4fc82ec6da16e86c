package nl.spreekuur.server.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.InMemoryTokenRevocations;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.conversation.ConversationRequests;
import nl.spreekuur.server.officehours.OfficeHoursModule;
import nl.spreekuur.server.officehours.OfficeHoursSettings;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.retention.CompactionSchedule;
import nl.spreekuur.server.retention.RetentionJob;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.session.SessionRevocations;

/**
 * One node's request handling for office hours, assembled like production: the {@link ServiceFixture} services,
 * a {@link RequestRouter} with the conversation requests and {@link OfficeHoursModule#create}, and the periodic
 * jobs (run on demand, with the {@link TestClock}). Tests talk to it as connections do: authenticate a
 * {@link RecordingSession}, send it {@link ClientMessage}s through the router, read answers and pushes.
 */
public final class OfficeHourServiceFixture implements AutoCloseable {
    private static final Duration SESSION_LIFETIME = Duration.ofDays(1);

    private final ServiceFixture services;
    private final ExecutorService refresh = Executors.newSingleThreadExecutor();
    private final RequestRouter router;
    private final OfficeHoursModule module;
    private final RetentionJob retention;
    private final CompactionSchedule compaction;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong requestIds = new AtomicLong();

    private OfficeHourServiceFixture(ServiceFixture services) {
        this.services = services;
        this.router = new RequestRouter(services.hub());
        new ConversationRequests(services.conversations()).register(router);
        this.module = OfficeHoursModule.create(services.store(), services.conversations(), services.hub(),
                services.presence(), services.auditor(), services.clock(), meters, refresh,
                OfficeHoursSettings.defaults(), router, new SessionRevocations(services.store(), services.broker(),
                        services.hub().sessions(), new InMemoryTokenRevocations(services.clock()), Duration.ofDays(1),
                        services.clock()));
        this.retention = new RetentionJob(services.store(), services.clock(), Duration.ofDays(1),
                Duration.ofDays(365));
        // as in production (Services): compacted after purges, at most once an hour (nothing to do in memory)
        this.compaction = new CompactionSchedule(services.store(), services.clock(), true, Duration.ofHours(1));
    }

    public static OfficeHourServiceFixture start() {
        return new OfficeHourServiceFixture(ServiceFixture.start());
    }

    /** The same node on the given store (e.g. an encrypted embedded file store). */
    public static OfficeHourServiceFixture start(StoreSettings settings) {
        return new OfficeHourServiceFixture(ServiceFixture.start(settings));
    }

    public TestClock clock() {
        return services.clock();
    }

    public Store store() {
        return services.store();
    }

    public Hub hub() {
        return services.hub();
    }

    /** The broker this node publishes on (another node would share it). */
    public Broker broker() {
        return services.broker();
    }

    public NodePresence presence() {
        return services.presence();
    }

    public OfficeHoursModule module() {
        return module;
    }

    public SimpleMeterRegistry meters() {
        return meters;
    }

    public String organisation(String slug) {
        return services.organisation(slug);
    }

    // ------------------------------------------------------------------ people

    /** A staff account in the store and a (not yet authenticated) connection of it. */
    public RecordingSession staff(String organisationId, String name, Role... roles) {
        Accounts.Account account = store().accounts().create(organisationId,
                name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8), name, "not-a-hash",
                Set.of(roles));
        Sessions.Session session = store().sessions().create(UUID.randomUUID().toString(), Sessions.Kind.STAFF,
                account.id(), organisationId, clock().instant(), clock().instant().plus(SESSION_LIFETIME));
        return new RecordingSession(new Principal(account.id(), session.id(), Principal.Kind.STAFF, organisationId,
                name, Set.of(roles), session.expiresAt()));
    }

    /** An anonymous client with a stored session (its id is the principal id), not yet authenticated. */
    public RecordingSession client(String organisationId) {
        Sessions.Session session = store().sessions().create(UUID.randomUUID().toString(),
                Sessions.Kind.ANONYMOUS_CLIENT, null, organisationId, clock().instant(),
                clock().instant().plus(SESSION_LIFETIME));
        return new RecordingSession(new Principal(session.id(), session.id(), Principal.Kind.ANONYMOUS_CLIENT,
                organisationId, "", Set.of(), session.expiresAt()));
    }

    // ------------------------------------------------------------------ connections

    /** What the transport does after a valid Hello: registers the connection, then tells the application. */
    public HelloOk connect(RecordingSession session) {
        hub().sessions().add(session);
        return router.onAuthenticated(session);
    }

    /** What the transport does when the socket closes. */
    public void disconnect(RecordingSession session) {
        session.close(1001, "gone");
        forget(session);
    }

    /**
     * What the services see when the socket closes, while the recording stays open: anything still sent to the
     * connection afterwards shows up in it (a watcher or subscription left behind).
     */
    public void forget(RecordingSession session) {
        hub().sessions().remove(session);
        router.onDisconnected(session);
    }

    /** Sends the request through the router and returns its answer (pushes stay queued on the session). */
    public ServerMessage call(RecordingSession session, ClientMessage.Builder request) {
        String id = "r" + requestIds.incrementAndGet();
        router.onMessage(session, request.setRequestId(id).build());
        return session.take(m -> id.equals(m.getRequestId()));
    }

    /** Like {@link #call} and asserts that the answer is not an error. */
    public ServerMessage ok(RecordingSession session, ClientMessage.Builder request) {
        ServerMessage answer = call(session, request);
        assertThat(answer.hasError()).as("answer to %s: %s", request.getBodyCase(), answer.getError()).isFalse();
        return answer;
    }

    /** Like {@link #call} and asserts the error code. */
    public ServerMessage error(RecordingSession session, ClientMessage.Builder request, ErrorCode code) {
        ServerMessage answer = call(session, request);
        assertThat(answer.getError().getCode()).as("error answering %s", request.getBodyCase()).isEqualTo(code);
        return answer;
    }

    // ------------------------------------------------------------------ time

    /** Moves the clock and runs the periodic jobs once, as the scheduler would. */
    public void advanceAndRunJobs(Duration duration) {
        clock().advance(duration);
        runJobs();
    }

    public void runJobs() {
        int purged = module.jobs().runOnce();
        purged += retention.runOnce();
        compaction.afterRetention(purged);
    }

    @Override
    public void close() {
        refresh.shutdownNow();
        services.close();
    }
}
