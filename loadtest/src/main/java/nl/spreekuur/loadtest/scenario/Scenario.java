package nl.spreekuur.loadtest.scenario;

/** A load shape. The coordinator sets up what {@link #professionals()} asks for, then runs slices of it. */
public interface Scenario {
    /** Professional accounts the setup must provide (over all slices). */
    int professionals();

    /** The office hour's {@code max_chats_per_professional}. */
    int maxChatsPerProfessional();

    /** Client-side sockets the scenario holds at its peak (to decide how many worker processes it needs). */
    int sockets();

    /** Rates offered over time, for the ladder report: {rate, seconds} steps; empty when not a ladder. */
    default long[][] ladder() {
        return new long[0][];
    }

    /** Runs this slice to the end (all slices run the same code with their share of the numbers). */
    void run(Load load) throws Exception;
}
