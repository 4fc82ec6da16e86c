package nl.spreekuur.protocol.json;

import com.google.protobuf.Timestamp;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * google.protobuf.Timestamp as JsonFormat writes it ({@code Timestamps.toString}): UTC, {@code Z}, and 0, 3, 6 or 9
 * fractional digits, as few as represent the nanos exactly.
 *
 * <p>Only instants from 1970 on are handled here (every server time is); earlier or invalid ones are {@link Uncertain},
 * and so is any string that is not exactly {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with in-range fields: JsonFormat's
 * parser also takes offsets, lenient calendar fields and long fractions, and judges those itself.
 */
final class Rfc3339 {
    private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z, JsonFormat's upper bound
    private static final int NANOS_PER_SECOND = 1_000_000_000;

    private Rfc3339() {
    }

    /** Appends the quoted timestamp. */
    static void append(StringBuilder out, Timestamp timestamp) {
        long seconds = timestamp.getSeconds();
        int nanos = timestamp.getNanos();
        if (seconds < 0 || seconds > MAX_SECONDS || nanos < 0 || nanos >= NANOS_PER_SECOND) {
            throw Uncertain.INSTANCE;
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        out.append('"');
        digits(out, time.getYear(), 4);
        out.append('-');
        digits(out, time.getMonthValue(), 2);
        out.append('-');
        digits(out, time.getDayOfMonth(), 2);
        out.append('T');
        digits(out, time.getHour(), 2);
        out.append(':');
        digits(out, time.getMinute(), 2);
        out.append(':');
        digits(out, time.getSecond(), 2);
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(out, nanos / 1_000, 6);
            } else {
                digits(out, nanos, 9);
            }
        }
        out.append("Z\"");
    }

    private static void digits(StringBuilder out, int value, int width) {
        int pad = width - 1;
        for (int limit = 10; pad > 0 && value >= limit; limit *= 10) {
            pad--;
        }
        for (int i = 0; i < pad; i++) {
            out.append('0');
        }
        out.append(value);
    }

    /** Parses the strict form; {@link Uncertain} for anything else. */
    static Timestamp parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            throw Uncertain.INSTANCE;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                throw Uncertain.INSTANCE;
            }
            nanos = number(text, 20, length - 1);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 1970 || hour > 23 || minute > 59 || second > 59) {
            throw Uncertain.INSTANCE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw Uncertain.INSTANCE;
        }
        long seconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw Uncertain.INSTANCE;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
