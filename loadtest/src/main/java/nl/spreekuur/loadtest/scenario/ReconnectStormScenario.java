package nl.spreekuur.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.Stats;

/**
 * {@code reconnect-storm}: N clients in chats lose their network at the same moment (TCP dropped, no close
 * handshake) while the professionals keep writing, and all reconnect at once with the same token: Hello, then
 * Subscribe with their last seq and the epoch. Measures drop → resumed per client (the "resume" histogram; its
 * max is the time until all resumed) and checks that nothing was lost.
 */
public final class ReconnectStormScenario extends OneToOneChats {
    private final long rate;
    private final long beforeSeconds;
    private final long afterSeconds;

    public ReconnectStormScenario(int chats, int chatsPerProfessional, long rate, long beforeSeconds,
                                  long afterSeconds) {
        super(chats, chatsPerProfessional);
        this.rate = rate;
        this.beforeSeconds = beforeSeconds;
        this.afterSeconds = afterSeconds;
    }

    @Override
    public void run(Load load) throws Exception {
        Slice slice = open(load);
        List<Chat> open = slice.open();
        double myRate = slice.rate(rate);
        List<Side> sides = Chats.sides(open);
        Chats.offer(load, sides, myRate, beforeSeconds * 1000);

        long dropped = System.nanoTime();
        for (Chat chat : open) {
            chat.clientConnection().drop();
        }
        List<CompletableFuture<Void>> resuming = new ArrayList<>();
        for (Chat chat : open) {
            resuming.add(load.open(chat.index, chat.clientToken).thenCompose((Connection connection) -> {
                connection.onPush(chat.clientRouter::onPush);
                return chat.client.subscribe(connection, chat.clientRouter);
            }).thenAccept(result -> {
                load.stats().count(Stats.RESUMED);
                load.stats().record(Snapshot.RESUME, (System.nanoTime() - dropped) / 1000);
            }));
        }
        // the professionals keep writing while their clients come back
        List<Side> proSides = new ArrayList<>();
        open.forEach(chat -> proSides.add(chat.pro));
        CompletableFuture<Void> all = CompletableFuture.allOf(resuming.toArray(CompletableFuture[]::new));
        while (!all.isDone()) {
            Chats.offer(load, proSides, myRate / 2, 200);
        }
        Chats.offer(load, sides, myRate, afterSeconds * 1000);
        slice.finish(load);
    }
}
