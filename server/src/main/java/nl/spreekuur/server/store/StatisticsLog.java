package nl.spreekuur.server.store;

import java.time.LocalDate;
import java.util.List;

/**
 * Anonymous effect-measurement facts: one row per fact, with an office hour, a local date, a kind and an optional
 * value (seconds). No client, professional or conversation id is stored, so the aggregates cannot be traced back.
 */
public interface StatisticsLog {

    enum Fact {
        JOINED, SERVED, ABANDONED, REFUSED, OFFLINE_MESSAGE, WAIT_SECONDS, CHAT_SECONDS, TRANSFER, QUICK_EXIT,
        VIDEO_ESCALATION
    }

    record Row(String officeHourId, LocalDate day, Fact fact, long value) {
    }

    void record(String officeHourId, LocalDate day, Fact fact, long value);

    /** Rows of the office hour with from <= day <= to. */
    List<Row> rows(String officeHourId, LocalDate from, LocalDate to);
}
