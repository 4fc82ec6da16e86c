package nl.spreekuur.server.web;

/**
 * Invite → connected time of a browser test, without the time the test itself spends looking (axe-core runs,
 * screenshots, checking the chat): only what a person would wait for, plus their clicks.
 */
final class CallTimer {
    private final long start = System.nanoTime();
    private long paused;

    /** Runs a check whose time does not count. */
    void pause(Runnable check) {
        long begin = System.nanoTime();
        try {
            check.run();
        } finally {
            paused += System.nanoTime() - begin;
        }
    }

    /** Milliseconds since the start, without the pauses. */
    long elapsedMs() {
        return (System.nanoTime() - start - paused) / 1_000_000;
    }

    /** Prints one line for BENCHMARKS.md ("[video] <what>: invite -> connected N ms"). */
    void print(String what, long admittedToConnectedMs) {
        System.out.printf("[video] %s: invite -> connected %d ms (admitted -> connected %d ms)%n",
                what, elapsedMs(), admittedToConnectedMs);
    }
}
