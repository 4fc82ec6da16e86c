package nl.spreekuur.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code officehours}: the realistic day. P professionals on duty, clients arriving at a rate; each joins the
 * queue, is claimed by a professional with a free slot (in order of arrival), chats a given number of messages
 * per side at a given pace, and ends the chat. At the end of the run, clients still waiting leave and running
 * chats end. The "wait" histogram is join → picked up.
 */
public final class OfficeHoursScenario implements Scenario {
    private final int professionals;
    private final int maxChats;
    private final double arrivalsPerSecond;
    private final int messagesPerSide;
    private final long paceMillis;
    private final long seconds;

    public OfficeHoursScenario(int professionals, int maxChats, double arrivalsPerSecond, int messagesPerSide,
                               long paceMillis, long seconds) {
        this.professionals = professionals;
        this.maxChats = maxChats;
        this.arrivalsPerSecond = arrivalsPerSecond;
        this.messagesPerSide = messagesPerSide;
        this.paceMillis = paceMillis;
        this.seconds = seconds;
    }

    @Override
    public int professionals() {
        return professionals;
    }

    @Override
    public int maxChatsPerProfessional() {
        return maxChats;
    }

    @Override
    public int sockets() {
        return professionals + (int) Math.min(Integer.MAX_VALUE, Math.ceil(arrivalsPerSecond * seconds));
    }

    @Override
    public void run(Load load) throws Exception {
        int pros = load.share(professionals);
        if (pros == 0) {
            return;
        }
        double myRate = arrivalsPerSecond * pros / professionals;
        Desk desk = new Desk(load);
        desk.goOnDuty(pros, load.offset(professionals));
        Queue<Desk.Waiting> queue = new ConcurrentLinkedQueue<>();
        List<Chat> running = new CopyOnWriteArrayList<>();
        List<Chat> started = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> work = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable dispatch = new Runnable() {
            @Override
            public synchronized void run() {
                if (closing.get()) {
                    return;
                }
                for (Desk.Professional professional : desk.professionals()) {
                    while (professional.chats.get() < maxChats && !queue.isEmpty()) {
                        Desk.Waiting next = queue.poll();
                        if (next == null) {
                            return;
                        }
                        work.add(desk.claim(professional, next).thenAccept(chat -> {
                            started.add(chat);
                            running.add(chat);
                            talk(load, desk, chat, running, this);
                        }));
                    }
                }
            }
        };
        int first = load.uniqueBase();
        long periodNanos = Math.max(1, (long) (1e9 / myRate));
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; System.nanoTime() < end; i++) {
            long wait = start + i * periodNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            work.add(desk.join(first + i).thenAccept(waiting -> {
                queue.add(waiting);
                dispatch.run();
            }));
        }
        // under the dispatcher's lock: a dispatch already under way has added its claims to work, later ones do none
        synchronized (dispatch) {
            closing.set(true);
        }
        int awaited = 0;
        while (awaited < work.size()) { // claims started by joins that finished meanwhile are added as we go
            try {
                Load.await(work.get(awaited++));
            } catch (RuntimeException e) {
                // counted where it failed
            }
        }
        List<Desk.Waiting> left = new ArrayList<>();
        for (Desk.Waiting waiting = queue.poll(); waiting != null; waiting = queue.poll()) {
            left.add(waiting);
        }
        for (Desk.Waiting waiting : left) {
            Load.await(desk.leave(waiting));
        }
        // every chat ever started ends before the professionals go: the talks stop, what was sent settles, and
        // Desk.end ends each chat once (waiting for endings already under way)
        List<Chat> all = new ArrayList<>(started);
        running.clear();
        Chats.settle(load, all);
        Chats.end(desk, all);
        desk.goOffDuty();
    }

    /** Client and professional take turns, one message per pace; then the client ends the chat. */
    private void talk(Load load, Desk desk, Chat chat, List<Chat> running, Runnable dispatch) {
        AtomicInteger turn = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<ScheduledFuture<?>> self =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runnable step = () -> {
            if (self.get() == null) {
                return;
            }
            if (!running.contains(chat)) {
                self.get().cancel(false);
                return;
            }
            int n = turn.getAndIncrement();
            if (n < 2 * messagesPerSide) {
                (n % 2 == 0 ? chat.client : chat.pro).send();
                return;
            }
            if (running.remove(chat)) {
                self.get().cancel(false);
                // let the last messages arrive before the client ends the chat (the run's end waits for it)
                load.scheduler().schedule(() -> desk.end(chat).thenRun(dispatch), paceMillis,
                        TimeUnit.MILLISECONDS);
            }
        };
        self.set(load.scheduler().scheduleAtFixedRate(step, paceMillis, paceMillis, TimeUnit.MILLISECONDS));
    }
}
