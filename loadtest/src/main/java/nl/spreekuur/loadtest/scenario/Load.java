package nl.spreekuur.loadtest.scenario;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.client.Connector;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.loadtest.setup.Fixture;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.Stats;

/**
 * Everything one load generator (one slice of the scenario, in this process) works with: the connector, the
 * fixture, its share of the numbers and the stats it records into.
 */
public final class Load implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Connector connector;
    private final Fixture fixture;
    private final Stats stats;
    private final int slice;
    private final int slices;
    private final ScheduledExecutorService scheduler;
    private final java.util.concurrent.ExecutorService blocking;
    private volatile boolean shuttingDown;

    public Load(Connector connector, Fixture fixture, Stats stats, int slice, int slices) {
        this.connector = connector;
        this.fixture = fixture;
        this.stats = stats;
        this.slice = slice;
        this.slices = slices;
        this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "loadtest-pace");
            thread.setDaemon(true);
            return thread;
        });
        this.blocking = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loadtest-http");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** For blocking steps (token requests over HTTP). */
    java.util.concurrent.Executor blocking() {
        return blocking;
    }

    public Fixture fixture() {
        return fixture;
    }

    public Stats stats() {
        return stats;
    }

    public Connector connector() {
        return connector;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** This slice's share of a total (the first slices take the remainder). */
    public int share(int total) {
        return total / slices + (slice < total % slices ? 1 : 0);
    }

    /** A base for indexes that must not collide with other slices' (client nicknames, message id prefixes). */
    int uniqueBase() {
        return slice * 100_000_000;
    }

    /** The global index of this slice's first item out of a total. */
    public int offset(int total) {
        int offset = 0;
        for (int i = 0; i < slice; i++) {
            offset += total / slices + (i < total % slices ? 1 : 0);
        }
        return offset;
    }

    /**
     * Opens an authenticated connection (token over HTTP, upgrade, Hello), timing it as "connect" and counting
     * it open until it closes; a close the tool did not ask for counts as an error {@code CLOSE_<code>}, unless
     * it happens while the tool shuts down (after {@link #close()}, when the connector stops its sockets).
     */
    public CompletableFuture<Connection> open(int n, String token) {
        long start = System.nanoTime();
        return track(connector.open(n, token), start);
    }

    private CompletableFuture<Connection> track(CompletableFuture<Connection> opening, long start) {
        return opening.whenComplete((connection, error) -> {
            if (error != null) {
                stats.error("CONNECT_" + ProtocolException.codeOf(error));
                return;
            }
            stats.record(Snapshot.CONNECT, (System.nanoTime() - start) / 1000);
            stats.connectionOpened();
            connection.onDecodeError(problem -> stats.error("UNDECODABLE"));
            connection.closed().thenAccept(closed -> {
                stats.connectionClosed();
                if (!connection.closedByUs() && !shuttingDown) {
                    stats.error("CLOSE_" + closed.code());
                }
            });
        });
    }

    /** A professional's authenticated connection (to {@code --professional-url} when given), timed like {@link #open}. */
    public CompletableFuture<Connection> openStaff(int n, String token) {
        long start = System.nanoTime();
        return track(connector.openStaff(n, token), start);
    }

    /**
     * A new anonymous client: a connection whose Hello starts its session (docs/protocol.md, section 1), so no
     * HTTP request for a token; timed from the connect to HelloOk.
     */
    public CompletableFuture<Connection> openClient(int n) {
        long start = System.nanoTime();
        return track(connector.openNewSession(n, fixture.organisation()), start);
    }

    static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ProtocolException(ProtocolException.codeOf(e), String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        shuttingDown = true;
        scheduler.shutdownNow();
        blocking.shutdown();
    }
}
