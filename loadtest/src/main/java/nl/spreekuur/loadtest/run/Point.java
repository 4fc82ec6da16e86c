package nl.spreekuur.loadtest.run;

/** One second of a run, for the progress line and the charts (latencies in milliseconds, NaN when none). */
public record Point(double seconds, long connections, double offeredPerSecond, double ackedPerSecond,
                    double deliveredPerSecond, long errors, double ackP50, double ackP99, double deliveryP99,
                    ServerSample server) {
}
