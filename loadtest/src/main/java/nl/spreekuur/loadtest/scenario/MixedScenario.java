package nl.spreekuur.loadtest.scenario;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * {@code mixed}: an office-hours day and a crowd of idle connected clients (people with the page open who do
 * not chat) at the same time. Group rooms and calls join this mix once those capabilities exist.
 */
public final class MixedScenario implements Scenario {
    private final ConnectionsScenario idle;
    private final OfficeHoursScenario day;

    public MixedScenario(ConnectionsScenario idle, OfficeHoursScenario day) {
        this.idle = idle;
        this.day = day;
    }

    @Override
    public int professionals() {
        return day.professionals();
    }

    @Override
    public int maxChatsPerProfessional() {
        return day.maxChatsPerProfessional();
    }

    @Override
    public int sockets() {
        return idle.sockets() + day.sockets();
    }

    @Override
    public void run(Load load) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> crowd = CompletableFuture.runAsync(() -> runQuietly(idle, load), threads);
            CompletableFuture<Void> office = CompletableFuture.runAsync(() -> runQuietly(day, load), threads);
            crowd.join();
            office.join();
        } finally {
            threads.shutdownNow();
        }
    }

    private static void runQuietly(Scenario scenario, Load load) {
        try {
            scenario.run(load);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
