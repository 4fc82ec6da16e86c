package nl.spreekuur.loadtest.scenario;

import java.util.List;

/**
 * {@code chat}: N concurrent 1:1 office-hour chats, both sides sending at an offered total rate, or a ladder of
 * rates (each held for a step) to find where the acknowledged rate stops following the offered one.
 */
public final class ChatScenario implements Scenario {
    private final int chats;
    private final int chatsPerProfessional;
    private final long[][] steps;

    /** @param steps {rate per second, seconds} per step; one step for a fixed rate */
    public ChatScenario(int chats, int chatsPerProfessional, long[][] steps) {
        this.chats = chats;
        this.chatsPerProfessional = chatsPerProfessional;
        this.steps = steps.clone();
    }

    @Override
    public int professionals() {
        return (chats + chatsPerProfessional - 1) / chatsPerProfessional;
    }

    @Override
    public int maxChatsPerProfessional() {
        return chatsPerProfessional;
    }

    @Override
    public int sockets() {
        return chats + professionals();
    }

    @Override
    public long[][] ladder() {
        return steps.length > 1 ? steps.clone() : new long[0][];
    }

    @Override
    public void run(Load load) throws Exception {
        // whole professionals per slice, so a professional's chats live in one process
        int pros = load.share(professionals());
        int firstPro = load.offset(professionals());
        int mine = Math.max(0, Math.min(chats - firstPro * chatsPerProfessional, pros * chatsPerProfessional));
        Desk desk = new Desk(load);
        desk.goOnDuty(pros, firstPro);
        List<Chat> open = Chats.open(load, desk, mine, firstPro * chatsPerProfessional, chatsPerProfessional);
        List<Side> sides = Chats.sides(open);
        for (long[] step : steps) {
            Chats.offer(load, sides, (double) step[0] * mine / Math.max(1, chats), step[1] * 1000);
        }
        Chats.settle(load, open);
        Chats.end(desk, open);
        desk.goOffDuty();
    }
}
