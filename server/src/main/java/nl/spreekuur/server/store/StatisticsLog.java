package nl.spreekuur.server.store;

import java.time.LocalDate;
import java.util.List;

/**
 * Anonymous effect-measurement facts: one row per fact, with an office hour, a local date, a kind and an optional
 * value (seconds). No client, professional or conversation id is stored, so the aggregates cannot be traced back.
 */
public interface StatisticsLog {

    /**
     * Values: 1 for counts, seconds for WAIT_SECONDS, CHAT_SECONDS and OFFLINE_HANDLED_SECONDS, except: REFUSED's
     * value is the {@code AdmissionRefusal} number (rows from before effect measurement hold 1); OFFLINE_MESSAGE's is 1
     * when left outside opening hours, 0 within them (older rows: 1); CHAT_MESSAGES is the number of text messages of
     * a finished chat; FOLLOW_UP is the {@code FollowUpKind} number; HELPED is 1 (yes) or 0 (no).
     */
    enum Fact {
        JOINED, SERVED, ABANDONED, REFUSED, OFFLINE_MESSAGE, WAIT_SECONDS, CHAT_SECONDS, TRANSFER, QUICK_EXIT,
        VIDEO_ESCALATION,
        // effect measurement (issue 15)
        CHAT_MESSAGES, SUPERVISED, FOLLOW_UP, HELPED, OFFLINE_HANDLED_SECONDS,
        /**
         * An admitted client agreed to be recognised on their device: value 1 = its first visit (the device had no
         * mark), 2 = a returning client (the mark of an earlier visit). Not recorded otherwise; no id.
         */
        VISIT
    }

    record Row(String officeHourId, LocalDate day, Fact fact, long value) {
    }

    void record(String officeHourId, LocalDate day, Fact fact, long value);

    /** Rows of the office hour with from <= day <= to. */
    List<Row> rows(String officeHourId, LocalDate from, LocalDate to);
}
