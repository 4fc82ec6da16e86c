package nl.spreekuur.loadtest.stats;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One snapshot as one line of JSON, the way worker processes hand their results to the coordinator: counters
 * and errors as numbers, histograms in HdrHistogram's compressed encoding (base64).
 */
public final class SnapshotCodec {
    private SnapshotCodec() {
    }

    public static String encode(Snapshot snapshot) {
        Struct.Builder histograms = Struct.newBuilder();
        snapshot.intervals().forEach((name, histogram) -> {
            ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoCompressedByteBuffer(buffer);
            byte[] bytes = new byte[length];
            buffer.flip();
            buffer.get(bytes);
            histograms.putFields(name, string(Base64.getEncoder().encodeToString(bytes)));
        });
        Struct root = Struct.newBuilder()
                .putFields("at", number(snapshot.atMillis()))
                .putFields("counters", Value.newBuilder().setStructValue(numbers(snapshot.counters())).build())
                .putFields("errors", Value.newBuilder().setStructValue(numbers(snapshot.errors())).build())
                .putFields("histograms", Value.newBuilder().setStructValue(histograms).build())
                .build();
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(root);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Snapshot decode(String json) {
        try {
            Struct.Builder root = Struct.newBuilder();
            JsonFormat.parser().merge(json, root);
            Map<String, Histogram> histograms = new LinkedHashMap<>();
            for (Map.Entry<String, Value> entry : root.getFieldsOrThrow("histograms").getStructValue().getFieldsMap()
                    .entrySet()) {
                byte[] bytes = Base64.getDecoder().decode(entry.getValue().getStringValue());
                histograms.put(entry.getKey(), Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
            }
            return new Snapshot((long) root.getFieldsOrThrow("at").getNumberValue(),
                    longs(root.getFieldsOrThrow("counters").getStructValue()),
                    longs(root.getFieldsOrThrow("errors").getStructValue()), histograms);
        } catch (InvalidProtocolBufferException | DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a load-test snapshot: " + e.getMessage(), e);
        }
    }

    static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static Struct.Builder numbers(Map<String, Long> values) {
        Struct.Builder out = Struct.newBuilder();
        values.forEach((key, value) -> out.putFields(key, number(value)));
        return out;
    }

    private static Map<String, Long> longs(Struct struct) {
        Map<String, Long> out = new LinkedHashMap<>();
        struct.getFieldsMap().forEach((key, value) -> out.put(key, (long) value.getNumberValue()));
        return out;
    }
}
