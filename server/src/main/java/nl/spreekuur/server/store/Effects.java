package nl.spreekuur.server.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Effect measurement (issue 15): anonymous facts of channels other than office hours (those are in
 * {@link StatisticsLog}), the aggregate figures the effects job writes per period, the benchmark opt-ins, and which
 * office-hour chats their client already rated. No client, professional or message id is ever stored here.
 */
public interface Effects {

    /** Where a contact happened. VIDEO_CONSULT holds every video call: consults, calls in chats, online meetings. */
    enum Channel { OFFICE_HOUR_CHAT, GROUP_ROOM, VIDEO_CONSULT }

    enum PeriodKind { DAY, WEEK, MONTH, QUARTER }

    /** The scope id of figures for a whole organisation (one channel). */
    String ALL = "*";

    /**
     * The local days of facts that have no time zone of their own (group rooms): the deployment is Dutch. Office-hour
     * facts use their office hour's zone.
     */
    java.time.ZoneId ZONE = java.time.ZoneId.of("Europe/Amsterdam");

    /** The fact of one message in a group room (value 1). */
    String ROOM_MESSAGE = "ROOM_MESSAGE";

    // Facts of the VIDEO_CONSULT channel, one set per call when it ends (scope ALL). "Held": two or more participants
    // were in the call at once; the value of a CALL_HELD_* fact is the seconds from then until the call ended.
    /** A scheduled video consult's call was held. */
    String CALL_HELD_CONSULT = "CALL_HELD_CONSULT";
    /** A call in an office-hour chat was held. */
    String CALL_HELD_CHAT = "CALL_HELD_CHAT";
    /** A group's online meeting was held. */
    String CALL_HELD_MEETING = "CALL_HELD_MEETING";
    /** How many took part in a held online meeting (value). */
    String MEETING_PARTICIPANTS = "MEETING_PARTICIPANTS";
    /** A call ended without ever being held: declined, not answered, or nobody came (value 1). */
    String CALL_NOT_HELD = "CALL_NOT_HELD";
    /** A held call in which no device reported a connected peer connection (value 1). */
    String CALL_NOT_CONNECTED = "CALL_NOT_CONNECTED";
    /** A held call in which a device connected through a TURN relay (value 1). */
    String CALL_RELAYED = "CALL_RELAYED";

    /** An anonymous fact: in a channel, of one scope (e.g. a room id), on a local day, with a value. */
    record Fact(String organisationId, Channel channel, String scopeId, LocalDate day, String fact, long value) {
    }

    /** One aggregate figure of one period. */
    record Figure(Channel channel, String scopeId, String figure, long value) {
    }

    /** The figures of one organisation's period, and when they were computed. */
    record Period(String organisationId, PeriodKind kind, LocalDate start, Instant computedAt, List<Figure> figures) {
    }

    void recordFact(Fact fact);

    /** Facts of the organisation and channel with from <= day <= to. */
    List<Fact> facts(String organisationId, Channel channel, LocalDate from, LocalDate to);

    /** Replaces every figure of the organisation's period (one transaction): running it again changes nothing. */
    void replacePeriod(Period period);

    /** The organisation's periods of a kind with from <= start <= to, oldest first. */
    List<Period> periods(String organisationId, PeriodKind kind, LocalDate from, LocalDate to);

    /** The periods of every given organisation, only the figures of scope {@link #ALL} (for the benchmark). */
    List<Period> organisationTotals(Set<String> organisationIds, PeriodKind kind, LocalDate from, LocalDate to);

    void setBenchmarkOptIn(String organisationId, boolean optedIn, Instant at);

    /** Empty when the organisation's admin never decided (which counts as not taking part). */
    Optional<Boolean> benchmarkOptIn(String organisationId);

    /** Organisations that take part in the benchmark. */
    Set<String> benchmarkParticipants();

    /** Marks the chat as rated; false if it already was (a chat is rated at most once). */
    boolean markRated(String conversationId, Instant at);

    /** Forgets ratings marked before the cut-off; returns how many. */
    int deleteRatingsBefore(Instant cutoff);
}
