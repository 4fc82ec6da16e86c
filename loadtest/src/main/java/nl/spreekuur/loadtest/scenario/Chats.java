package nl.spreekuur.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.loadtest.stats.Stats;

/** Steps the chat-shaped scenarios share: open chats, offer a rate, wait for delivery, count loss, end. */
final class Chats {
    private static final int IN_FLIGHT = 32;

    private Chats() {
    }

    /** Opens {@code count} chats (join + claim), at most {@link #IN_FLIGHT} opening at once. */
    static List<Chat> open(Load load, Desk desk, int count, int firstIndex, int chatsPerProfessional)
            throws InterruptedException {
        List<CompletableFuture<Chat>> opening = new ArrayList<>();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < count; i++) {
            slots.acquire();
            Desk.Professional professional = desk.professionals().get(i / chatsPerProfessional);
            CompletableFuture<Chat> chat = desk.join(firstIndex + i)
                    .thenCompose(waiting -> desk.claim(professional, waiting))
                    .whenComplete((done, error) -> slots.release());
            opening.add(chat);
        }
        List<Chat> chats = new ArrayList<>();
        for (CompletableFuture<Chat> chat : opening) {
            try {
                chats.add(Load.await(chat));
            } catch (RuntimeException e) {
                // counted where it failed; the run goes on with the chats that opened
            }
        }
        return chats;
    }

    /** Every side of every chat, for the rate driver. */
    static List<Side> sides(List<Chat> chats) {
        List<Side> sides = new ArrayList<>();
        for (Chat chat : chats) {
            sides.add(chat.client);
            sides.add(chat.pro);
        }
        return sides;
    }

    /**
     * Offers {@code ratePerSecond} messages per second in total, round robin over the sides, for the given
     * time (one pacing thread; sends are asynchronous).
     */
    static void offer(Load load, List<Side> sides, double ratePerSecond, long millis) throws InterruptedException {
        if (sides.isEmpty() || ratePerSecond <= 0) {
            Thread.sleep(millis);
            return;
        }
        load.stats().offeredRate(Math.round(ratePerSecond));
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long sent = 0;
        int next = 0;
        while (System.nanoTime() < end) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * ratePerSecond);
            while (sent < due) {
                sides.get(next++ % sides.size()).send();
                sent++;
            }
            Thread.sleep(2);
        }
        load.stats().offeredRate(0);
    }

    /**
     * Waits until every send was answered and everything acknowledged was delivered, as long as that keeps
     * progressing ({@link Settling}), then counts what never arrived.
     */
    static void settle(Load load, List<Chat> chats) throws InterruptedException {
        for (Chat chat : chats) {
            chat.client.stop();
            chat.pro.stop();
        }
        Settling.await(() -> chats.stream().mapToLong(Chat::outstanding).sum());
        long lost = chats.stream().mapToLong(Chat::lost).sum();
        if (lost > 0) {
            load.stats().add(Stats.LOST, lost);
            for (long i = 0; i < lost; i++) {
                load.stats().error("LOST");
            }
        }
    }

    static void end(Desk desk, List<Chat> chats) throws InterruptedException {
        List<CompletableFuture<Void>> ending = new ArrayList<>();
        for (Chat chat : chats) {
            ending.add(desk.end(chat));
        }
        for (CompletableFuture<Void> end : ending) {
            try {
                Load.await(end);
            } catch (RuntimeException e) {
                // counted in Desk.end
            }
        }
    }
}
