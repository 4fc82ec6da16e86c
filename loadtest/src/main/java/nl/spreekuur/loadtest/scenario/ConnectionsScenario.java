package nl.spreekuur.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import nl.spreekuur.loadtest.client.Connection;

/**
 * {@code connections}: ramps to N authenticated idle client connections (token + upgrade + Hello each) at a
 * given rate, holds them, then closes them. The coordinator reads the server's memory per connection from
 * {@code /metrics} (and {@code /proc} with {@code --server-pid}).
 */
public final class ConnectionsScenario implements Scenario {
    private static final int IN_FLIGHT = 64;
    private final int connections;
    private final double perSecond;
    private final long holdSeconds;

    public ConnectionsScenario(int connections, double perSecond, long holdSeconds) {
        this.connections = connections;
        this.perSecond = perSecond;
        this.holdSeconds = holdSeconds;
    }

    @Override
    public int professionals() {
        return 0;
    }

    @Override
    public int maxChatsPerProfessional() {
        return 3;
    }

    @Override
    public int sockets() {
        return connections;
    }

    @Override
    public void run(Load load) throws Exception {
        int mine = load.share(connections);
        int first = load.offset(connections);
        double myRate = perSecond * mine / Math.max(1, connections);
        List<CompletableFuture<Connection>> opening = new ArrayList<>();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        long start = System.nanoTime();
        for (int i = 0; i < mine; i++) {
            long due = start + (long) (i / myRate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            slots.acquire();
            opening.add(load.openClient(first + i).whenComplete((connection, error) -> slots.release()));
        }
        List<Connection> open = new ArrayList<>();
        for (CompletableFuture<Connection> connection : opening) {
            try {
                open.add(Load.await(connection));
            } catch (RuntimeException e) {
                // counted as CONNECT_… by Load.open
            }
        }
        Thread.sleep(holdSeconds * 1000);
        open.forEach(Connection::close);
    }
}
