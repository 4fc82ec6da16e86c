package nl.spreekuur.server.store;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * Instants as protobuf timestamps. In {@code store}, the lowest layer that speaks protocol types, so the store's
 * row mappers, the transport and the capabilities share it.
 */
public final class ProtoTime {
    private ProtoTime() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
