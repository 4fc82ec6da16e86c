package nl.spreekuur.loadtest.report;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.Map;
import nl.spreekuur.loadtest.run.Point;
import nl.spreekuur.loadtest.run.RunResult;
import nl.spreekuur.loadtest.run.ServerSample;
import org.HdrHistogram.Histogram;

/** The raw figures of a report as JSON (the same numbers the summary and the HTML show). */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(List<RunResult> results, Machine machine) {
        ListValue.Builder runs = ListValue.newBuilder();
        for (RunResult result : results) {
            Struct.Builder histograms = Struct.newBuilder();
            result.histograms().forEach((name, histogram) -> histograms.putFields(name, struct(latency(histogram))));
            ListValue.Builder timeline = ListValue.newBuilder();
            for (Point point : result.timeline()) {
                Struct.Builder p = Struct.newBuilder()
                        .putFields("seconds", number(point.seconds()))
                        .putFields("connections", number(point.connections()))
                        .putFields("offeredPerSecond", number(point.offeredPerSecond()))
                        .putFields("ackedPerSecond", number(point.ackedPerSecond()))
                        .putFields("deliveredPerSecond", number(point.deliveredPerSecond()))
                        .putFields("errors", number(point.errors()))
                        .putFields("ackP50Ms", number(point.ackP50()))
                        .putFields("ackP99Ms", number(point.ackP99()))
                        .putFields("deliveryP99Ms", number(point.deliveryP99()));
                if (point.server() != null) {
                    p.putFields("server", struct(server(point.server())));
                }
                timeline.addValues(struct(p));
            }
            ListValue.Builder steps = ListValue.newBuilder();
            result.steps().forEach(step -> steps.addValues(struct(Struct.newBuilder()
                    .putFields("offeredPerSecond", number(step.offeredPerSecond()))
                    .putFields("ackedPerSecond", number(step.ackedPerSecond()))
                    .putFields("ack", struct(latency(step.ack()))))));
            ListValue.Builder notes = ListValue.newBuilder();
            result.notes().forEach(note -> notes.addValues(Value.newBuilder().setStringValue(note)));
            Struct.Builder run = Struct.newBuilder()
                    .putFields("scenario", string(result.scenario()))
                    .putFields("target", string(result.target()))
                    .putFields("baseline", Value.newBuilder().setBoolValue(result.baseline()).build())
                    .putFields("seconds", number(result.seconds()))
                    .putFields("ackedPerSecond", number(result.ackedPerSecond()))
                    .putFields("connectsPerSecond", number(result.connectsPerSecond()))
                    .putFields("serverCpuSeconds", number(result.serverCpuSeconds()))
                    .putFields("counters", struct(numbers(result.counters())))
                    .putFields("errors", struct(numbers(result.errors())))
                    .putFields("latencyMs", struct(histograms))
                    .putFields("steps", Value.newBuilder().setListValue(steps).build())
                    .putFields("timeline", Value.newBuilder().setListValue(timeline).build())
                    .putFields("notes", Value.newBuilder().setListValue(notes).build());
            for (Map.Entry<String, ServerSample> sample : Map.of("serverBefore", nullable(result.serverBefore()),
                    "serverPeak", nullable(result.serverPeak()), "serverAfter", nullable(result.serverAfter()))
                    .entrySet()) {
                if (sample.getValue().atMillis() > 0) {
                    run.putFields(sample.getKey(), struct(server(sample.getValue())));
                }
            }
            runs.addValues(struct(run));
        }
        Struct root = Struct.newBuilder()
                .putFields("machine", struct(Struct.newBuilder()
                        .putFields("cores", number(machine.cores()))
                        .putFields("memoryBytes", number(machine.memoryBytes()))
                        .putFields("java", string(machine.java()))
                        .putFields("os", string(machine.os()))))
                .putFields("runs", Value.newBuilder().setListValue(runs).build())
                .build();
        try {
            return JsonFormat.printer().print(root);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerSample nullable(ServerSample sample) {
        return sample == null ? new ServerSample(0, 0, 0, 0, 0, 0, 0, 0) : sample;
    }

    private static Struct.Builder latency(Histogram histogram) {
        return Struct.newBuilder()
                .putFields("count", number(histogram.getTotalCount()))
                .putFields("p50", number(histogram.getValueAtPercentile(50) / 1000.0))
                .putFields("p90", number(histogram.getValueAtPercentile(90) / 1000.0))
                .putFields("p99", number(histogram.getValueAtPercentile(99) / 1000.0))
                .putFields("p99.9", number(histogram.getValueAtPercentile(99.9) / 1000.0))
                .putFields("max", number(histogram.getMaxValue() / 1000.0));
    }

    private static Struct.Builder server(ServerSample sample) {
        return Struct.newBuilder()
                .putFields("cpuUsage", number(sample.cpuUsage()))
                .putFields("cpuSeconds", number(sample.cpuSeconds()))
                .putFields("heapBytes", number(sample.heapBytes()))
                .putFields("nonHeapBytes", number(sample.nonHeapBytes()))
                .putFields("connections", number(sample.connections()))
                .putFields("rssBytes", number(sample.rssBytes()));
    }

    private static Struct.Builder numbers(Map<String, Long> values) {
        Struct.Builder out = Struct.newBuilder();
        values.forEach((key, value) -> out.putFields(key, number(value)));
        return out;
    }

    private static Value struct(Struct.Builder struct) {
        return Value.newBuilder().setStructValue(struct).build();
    }

    /** JSON has no NaN: unknown values are null. */
    private static Value number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Value.newBuilder().setNullValueValue(0).build();
        }
        return Value.newBuilder().setNumberValue(value).build();
    }

    private static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
