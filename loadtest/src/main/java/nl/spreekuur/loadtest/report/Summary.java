package nl.spreekuur.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.spreekuur.loadtest.run.Point;
import nl.spreekuur.loadtest.run.RunResult;
import nl.spreekuur.loadtest.run.ServerSample;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.Stats;
import org.HdrHistogram.Histogram;

/** The text an operator reads: the live progress line and the final summary (with ratios to the baseline). */
public final class Summary {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private Summary() {
    }

    public static String progressLine(String label, Point point, Map<String, Long> errors) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "[%s %4.0fs] conns %d | %.0f msg/s acked, %.0f delivered | p99 ack %s deliv %s | errors %s",
                label, point.seconds(), point.connections(), point.ackedPerSecond(), point.deliveredPerSecond(),
                ms(point.ackP99()), ms(point.deliveryP99()), errors.isEmpty() ? "none" : errors));
        ServerSample server = point.server();
        if (server != null) {
            line.append(String.format(Locale.ROOT, " | server cpu %.0f%% heap %s", server.cpuUsage() * 100,
                    bytes(server.heapBytes())));
        }
        return line.toString();
    }

    public static String render(List<RunResult> results, Machine machine) {
        StringBuilder out = new StringBuilder();
        out.append("machine: ").append(machine).append('\n');
        RunResult baseline = results.stream().filter(RunResult::baseline).findFirst().orElse(null);
        for (RunResult result : results) {
            out.append('\n').append(result.scenario()).append(" against ").append(result.target())
                    .append(String.format(Locale.ROOT, " (%.1f s)%n", result.seconds()));
            out.append(String.format(Locale.ROOT, "  messages: %d sent, %d acknowledged, %d delivered, %d lost,"
                            + " %d unacknowledged, %d gaps, %d duplicates%n",
                    result.counter(Stats.SENT), result.counter(Stats.ACKED), result.counter(Stats.DELIVERED),
                    result.counter(Stats.LOST), result.counter(Stats.UNACKED), result.counter(Stats.GAPS),
                    result.counter(Stats.DUPLICATES)));
            out.append(String.format(Locale.ROOT, "  throughput: %.0f acknowledged messages/s%s%n",
                    result.ackedPerSecond(), ratio(result.ackedPerSecond(), baseline, RunResult::ackedPerSecond,
                            result)));
            out.append(String.format(Locale.ROOT, "  connections: %.0f authenticated connects/s%s%n",
                    result.connectsPerSecond(), ratio(result.connectsPerSecond(), baseline,
                            RunResult::connectsPerSecond, result)));
            if (result.counter(Stats.CHATS_STARTED) > 0) {
                out.append(String.format(Locale.ROOT, "  chats: %d picked up, %d ended%n",
                        result.counter(Stats.CHATS_STARTED), result.counter(Stats.CHATS_ENDED)));
            }
            if (result.counter(Stats.RESUMED) > 0) {
                Histogram resume = result.histograms().get(Snapshot.RESUME);
                out.append(String.format(Locale.ROOT, "  resumed: %d clients, all within %s, %d not recovered%n",
                        result.counter(Stats.RESUMED), ms(resume.getMaxValue() / 1000.0),
                        result.counter(Stats.NOT_RECOVERED)));
            }
            for (String name : new String[] {Snapshot.ACK, Snapshot.DELIVERY, Snapshot.WAIT, Snapshot.CONNECT,
                    Snapshot.RESUME}) {
                Histogram histogram = result.histograms().get(name);
                if (histogram != null && histogram.getTotalCount() > 0) {
                    out.append("  ").append(latencyLine(name, histogram, baseline, result)).append('\n');
                }
            }
            for (RunResult.Step step : result.steps()) {
                out.append(String.format(Locale.ROOT, "  ladder: offered %d/s → acknowledged %.0f/s, p99 ack %s%n",
                        step.offeredPerSecond(), step.ackedPerSecond(),
                        ms(step.ack().getValueAtPercentile(99) / 1000.0)));
            }
            out.append("  errors: ").append(result.errors().isEmpty() ? "none" : result.errors()).append('\n');
            server(out, result);
            result.notes().forEach(note -> out.append("  note: ").append(note).append('\n'));
        }
        return out.toString();
    }

    private static void server(StringBuilder out, RunResult result) {
        if (result.baseline()) {
            out.append("  server: the baseline runs inside this process (no /metrics)\n");
            return;
        }
        if (result.serverAfter() == null) {
            out.append("  server: /metrics not reachable\n");
            return;
        }
        double cpu = result.serverCpuSeconds();
        out.append(String.format(Locale.ROOT, "  server: %.1f CPU-seconds", cpu));
        long acked = result.counter(Stats.ACKED);
        if (acked > 0) {
            out.append(String.format(Locale.ROOT, " (%.0f per million acknowledged messages)", cpu * 1e6 / acked));
        }
        out.append(String.format(Locale.ROOT, "; heap %s → %s", bytes(result.serverBefore().heapBytes()),
                bytes(result.serverAfter().heapBytes())));
        if (!Double.isNaN(result.serverAfter().rssBytes())) {
            out.append(String.format(Locale.ROOT, "; RSS %s → %s", bytes(result.serverBefore().rssBytes()),
                    bytes(result.serverAfter().rssBytes())));
        }
        out.append('\n');
        ServerSample peak = result.serverPeak();
        double connections = peak == null ? Double.NaN : peak.connections() - result.serverBefore().connections();
        if (peak != null && connections > 0) {
            out.append(String.format(Locale.ROOT, "  server per connection (at %.0f open): heap %s",
                    peak.connections(), bytes((peak.heapBytes() - result.serverBefore().heapBytes()) / connections)));
            if (!Double.isNaN(peak.rssBytes())) {
                out.append(String.format(Locale.ROOT, ", RSS %s",
                        bytes((peak.rssBytes() - result.serverBefore().rssBytes()) / connections)));
            }
            out.append('\n');
        }
    }

    static String latencyLine(String name, Histogram histogram, RunResult baseline, RunResult result) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s latency", name));
        for (double p : PERCENTILES) {
            line.append(String.format(Locale.ROOT, " p%s %s", p == Math.rint(p) ? Long.toString((long) p)
                    : Double.toString(p), ms(histogram.getValueAtPercentile(p) / 1000.0)));
        }
        line.append(" max ").append(ms(histogram.getMaxValue() / 1000.0));
        if (baseline != null && baseline != result) {
            Histogram other = baseline.histograms().get(name);
            if (other != null && other.getTotalCount() > 0) {
                line.append(String.format(Locale.ROOT, " (p99 %.2f× the baseline)",
                        (double) histogram.getValueAtPercentile(99) / Math.max(1, other.getValueAtPercentile(99))));
            }
        }
        return line.toString();
    }

    private static String ratio(double value, RunResult baseline, java.util.function.ToDoubleFunction<RunResult> of,
                                RunResult result) {
        if (baseline == null || baseline == result || of.applyAsDouble(baseline) <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, " (%.2f× the baseline)", value / of.applyAsDouble(baseline));
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "-";
        }
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.2f ms", millis);
    }

    static String bytes(double bytes) {
        if (Double.isNaN(bytes)) {
            return "-";
        }
        if (Math.abs(bytes) >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
    }
}
