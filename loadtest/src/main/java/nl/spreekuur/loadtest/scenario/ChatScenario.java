package nl.spreekuur.loadtest.scenario;

import java.util.List;

/**
 * {@code chat}: N concurrent 1:1 office-hour chats, both sides sending at an offered total rate, or a ladder of
 * rates (each held for a step) to find where the acknowledged rate stops following the offered one.
 */
public final class ChatScenario extends OneToOneChats {
    private final long[][] steps;

    /** @param steps {rate per second, seconds} per step; one step for a fixed rate */
    public ChatScenario(int chats, int chatsPerProfessional, long[][] steps) {
        super(chats, chatsPerProfessional);
        this.steps = steps.clone();
    }

    @Override
    public long[][] ladder() {
        return steps.length > 1 ? steps.clone() : new long[0][];
    }

    @Override
    public void run(Load load) throws Exception {
        Slice slice = open(load);
        List<Side> sides = Chats.sides(slice.open());
        for (long[] step : steps) {
            Chats.offer(load, sides, slice.rate(step[0]), step[1] * 1000);
        }
        slice.finish(load);
    }
}
