package nl.spreekuur.server.officehours;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instants as protobuf timestamps. */
final class ProtoTime {
    private ProtoTime() {
    }

    static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
