package nl.spreekuur.server.store.jdbc;

import com.google.protobuf.Timestamp;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import nl.spreekuur.server.store.ProtoTime;

/**
 * Instants in the database are TIMESTAMP WITH TIME ZONE, which both H2 and PostgreSQL keep to the microsecond.
 * Every instant is truncated to microseconds before it is stored, and the truncated value is what callers get
 * back, so a value read later equals the value returned when it was written.
 */
final class Times {

    private Times() {
    }

    static Instant truncate(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime toDb(Instant instant) {
        return truncate(instant).atOffset(ZoneOffset.UTC);
    }

    static Instant read(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Timestamp toProto(Instant instant) {
        return ProtoTime.of(instant);
    }
}
