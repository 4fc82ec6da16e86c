package nl.spreekuur.server.officehours;

/**
 * Nearest-rank percentiles: the smallest observed value such that at least p% of the values are at or below it,
 * i.e. the value at rank {@code ceil(p / 100 × n)} (1-based) of the sorted values, with rank at least 1.
 *
 * <p>Chosen over interpolation and over HdrHistogram because the result is always a wait or chat that really
 * happened, is exact and reproducible by hand, and a day holds at most a few hundred values, so sorting them is
 * cheap; HdrHistogram pays off for streams of millions of values where bucketed precision is acceptable.
 */
final class Percentiles {

    private Percentiles() {
    }

    /** @param sortedAscending the values, sorted; 0 when there are none */
    static long nearestRank(long[] sortedAscending, int percentile) {
        if (percentile < 1 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be 1..100");
        }
        int n = sortedAscending.length;
        if (n == 0) {
            return 0;
        }
        long rank = ((long) percentile * n + 99) / 100;
        return sortedAscending[(int) Math.max(1, rank) - 1];
    }
}
