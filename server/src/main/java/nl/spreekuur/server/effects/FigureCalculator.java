package nl.spreekuur.server.effects;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Effects.Channel;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.StatisticsLog;

/**
 * Turns the anonymous facts of one period into figures: pure functions of their inputs, so the job's result for a
 * period is the same on every node and every run.
 *
 * <p>Percentiles are nearest-rank (the value at rank ceil(p/100 × n) of the sorted values), like the daily
 * office-hour statistics: always a wait or chat that really happened, exact and reproducible by hand.
 */
final class FigureCalculator {
    /** AdmissionRefusal numbers (spreekuur.v1). */
    private static final long OUTSIDE_OPENING_HOURS = 1;
    private static final long WAIT_PAST_CLOSING = 2;
    private static final long NOBODY_ON_DUTY = 3;
    private static final long QUEUE_FULL = 4;
    /** Visit numbers (spreekuur.v1). */
    private static final long VISIT_FIRST = 1;
    private static final long VISIT_RETURNING = 2;
    /** FollowUpKind numbers (spreekuur.v1). */
    private static final long FOLLOW_UP_NONE = 1;
    private static final long FACE_TO_FACE = 2;
    private static final long PHONE = 3;
    private static final long VIDEO = 4;
    private static final long REFERRAL = 5;

    private FigureCalculator() {
    }

    /** The office-hour figures of one scope (an office hour, or all of them) from its facts of the period. */
    static List<Effects.Figure> officeHour(String scopeId, Collection<StatisticsLog.Row> rows) {
        Map<FigureKind, Long> counts = new EnumMap<>(FigureKind.class);
        LongList waits = new LongList();
        LongList chats = new LongList();
        LongList messages = new LongList();
        LongList handled = new LongList();
        for (StatisticsLog.Row row : rows) {
            long v = row.value();
            switch (row.fact()) {
                case JOINED -> add(counts, FigureKind.JOINED);
                case SERVED -> add(counts, FigureKind.SERVED);
                case ABANDONED -> add(counts, FigureKind.ABANDONED);
                case REFUSED -> add(counts, v == NOBODY_ON_DUTY ? FigureKind.REFUSED_NOBODY_ON_DUTY
                        : v == QUEUE_FULL ? FigureKind.REFUSED_FULL : FigureKind.REFUSED_CLOSED);
                case OFFLINE_MESSAGE -> {
                    add(counts, FigureKind.OFFLINE_MESSAGES);
                    if (v != 0) {
                        add(counts, FigureKind.OFFLINE_OUTSIDE_HOURS);
                    }
                }
                case TRANSFER -> add(counts, FigureKind.TRANSFERS);
                case QUICK_EXIT -> add(counts, FigureKind.QUICK_EXITS);
                case VIDEO_ESCALATION -> add(counts, FigureKind.MOVED_TO_VIDEO);
                case SUPERVISED -> add(counts, FigureKind.SUPERVISED);
                case WAIT_SECONDS -> waits.add(v);
                case CHAT_SECONDS -> {
                    chats.add(v);
                    add(counts, v < 300 ? FigureKind.CHATS_UNDER_5_MIN : v < 900 ? FigureKind.CHATS_5_TO_15_MIN
                            : v < 1800 ? FigureKind.CHATS_15_TO_30_MIN : v < 3600 ? FigureKind.CHATS_30_TO_60_MIN
                            : FigureKind.CHATS_OVER_60_MIN);
                }
                case CHAT_MESSAGES -> messages.add(v);
                case FOLLOW_UP -> add(counts, v == FACE_TO_FACE ? FigureKind.FOLLOW_UP_FACE_TO_FACE
                        : v == PHONE ? FigureKind.FOLLOW_UP_PHONE : v == VIDEO ? FigureKind.FOLLOW_UP_VIDEO
                        : v == REFERRAL ? FigureKind.FOLLOW_UP_REFERRAL : FigureKind.FOLLOW_UP_NONE);
                case HELPED -> add(counts, v == 1 ? FigureKind.HELPED_YES : FigureKind.HELPED_NO);
                case OFFLINE_HANDLED_SECONDS -> handled.add(v);
                case VISIT -> {
                    if (v == VISIT_FIRST) {
                        add(counts, FigureKind.NEW_CLIENTS);
                    } else if (v == VISIT_RETURNING) {
                        add(counts, FigureKind.RETURNING_CLIENTS);
                    }
                }
            }
        }
        counts.put(FigureKind.CLIENTS_REACHED, counts.getOrDefault(FigureKind.SERVED, 0L)
                + counts.getOrDefault(FigureKind.OFFLINE_MESSAGES, 0L));
        // of the clients who joined, those whose device did not tell (not asked, declined, or an older client)
        counts.put(FigureKind.UNRECOGNISED, Math.max(0, counts.getOrDefault(FigureKind.JOINED, 0L)
                - counts.getOrDefault(FigureKind.NEW_CLIENTS, 0L) - counts.getOrDefault(FigureKind.RETURNING_CLIENTS, 0L)));
        counts.put(FigureKind.WAITS, (long) waits.size());
        counts.put(FigureKind.WAIT_P50_SECONDS, waits.percentile(50));
        counts.put(FigureKind.WAIT_P90_SECONDS, waits.percentile(90));
        counts.put(FigureKind.CHATS, (long) chats.size());
        counts.put(FigureKind.CHAT_P50_SECONDS, chats.percentile(50));
        counts.put(FigureKind.CHAT_P90_SECONDS, chats.percentile(90));
        counts.put(FigureKind.MESSAGES, messages.sum());
        counts.put(FigureKind.MESSAGES_PER_CHAT_P50, messages.percentile(50));
        counts.put(FigureKind.MESSAGES_PER_CHAT_P90, messages.percentile(90));
        counts.put(FigureKind.OFFLINE_HANDLED, (long) handled.size());
        counts.put(FigureKind.OFFLINE_HANDLE_P50_SECONDS, handled.percentile(50));
        counts.put(FigureKind.OFFLINE_HANDLE_P90_SECONDS, handled.percentile(90));
        return figures(Channel.OFFICE_HOUR_CHAT, scopeId, counts);
    }

    /**
     * A room's private talks and meetings, as far as the figures need them: when each talk was opened (a
     * safeguarding escalation from the group to a private chat), and each meeting's start and "ik kom" count.
     */
    record RoomActivity(List<Instant> talksOpened, List<Meeting> meetings) {
    }

    /**
     * A planned meeting: when it starts, how many said "ik kom", whether it was online, and the head count its
     * moderator recorded (null: none).
     */
    record Meeting(Instant startsAt, long signups, boolean online, Integer attended) {
    }

    /**
     * The group figures of one room in the period from..to (local days in {@link Effects#ZONE}): members who were
     * members on any day of it, members who joined in it, its messages (facts), its moderation log entries, its
     * escalations (private talks opened in the period) and its meetings that started in
     * the period before {@code now} (held), with their sign-ups ("ik kom": the attendance announced) and the head
     * counts moderators recorded (physical and online meetings apart: how many meetings have a count, and its sum;
     * who joined an online meeting's call is also counted with the calls, VIDEO_CONSULT
     * {@code online_meeting_participants}).
     */
    static Map<FigureKind, Long> room(LocalDate from, LocalDate to, List<Rooms.Member> members,
                                      List<Rooms.LogEntry> log, List<Effects.Fact> facts, RoomActivity activity,
                                      Instant now) {
        Instant start = from.atStartOfDay(Effects.ZONE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(Effects.ZONE).toInstant();
        Map<FigureKind, Long> counts = new EnumMap<>(FigureKind.class);
        for (Rooms.Member m : members) {
            boolean joinedBeforeEnd = m.joinedAt().isBefore(end);
            boolean stillThere = m.endedAt() == null || !m.endedAt().isBefore(start);
            if (joinedBeforeEnd && stillThere) {
                add(counts, FigureKind.ACTIVE_MEMBERS);
            }
            if (!m.joinedAt().isBefore(start) && joinedBeforeEnd) {
                add(counts, FigureKind.MEMBERS_JOINED);
            }
        }
        for (Rooms.LogEntry e : log) {
            if (!e.at().isBefore(start) && e.at().isBefore(end)) {
                add(counts, FigureKind.MODERATION_ACTIONS);
            }
        }
        for (Effects.Fact f : facts) {
            if (Effects.ROOM_MESSAGE.equals(f.fact()) && !f.day().isBefore(from) && !f.day().isAfter(to)) {
                counts.merge(FigureKind.ROOM_MESSAGES, f.value(), Long::sum);
            }
        }
        for (Instant opened : activity.talksOpened()) {
            if (!opened.isBefore(start) && opened.isBefore(end)) {
                add(counts, FigureKind.ESCALATIONS);
            }
        }
        for (Meeting m : activity.meetings()) {
            if (!m.startsAt().isBefore(start) && m.startsAt().isBefore(end) && m.startsAt().isBefore(now)) {
                add(counts, FigureKind.MEETINGS_HELD);
                counts.merge(FigureKind.MEETING_SIGNUPS, m.signups(), Long::sum);
                if (m.attended() != null) {
                    add(counts, m.online() ? FigureKind.ONLINE_MEETINGS_COUNTED : FigureKind.MEETINGS_COUNTED);
                    counts.merge(m.online() ? FigureKind.ONLINE_MEETING_ATTENDANCE : FigureKind.MEETING_ATTENDANCE,
                            (long) m.attended(), Long::sum);
                }
            }
        }
        for (FigureKind k : FigureKind.of(Channel.GROUP_ROOM)) {
            counts.putIfAbsent(k, 0L);
        }
        return counts;
    }

    /** The video figures of an organisation's period from its VIDEO_CONSULT facts (one set per ended call). */
    static List<Effects.Figure> video(Collection<Effects.Fact> facts) {
        Map<FigureKind, Long> counts = new EnumMap<>(FigureKind.class);
        LongList consults = new LongList();
        LongList chatCalls = new LongList();
        for (Effects.Fact f : facts) {
            switch (f.fact()) {
                case Effects.CALL_HELD_CONSULT -> consults.add(f.value());
                case Effects.CALL_HELD_CHAT -> chatCalls.add(f.value());
                case Effects.CALL_HELD_MEETING -> add(counts, FigureKind.ONLINE_MEETINGS);
                case Effects.MEETING_PARTICIPANTS -> counts.merge(FigureKind.ONLINE_MEETING_PARTICIPANTS, f.value(),
                        Long::sum);
                case Effects.CALL_NOT_HELD -> add(counts, FigureKind.CALLS_NOT_HELD);
                case Effects.CALL_NOT_CONNECTED -> add(counts, FigureKind.CALLS_NOT_CONNECTED);
                case Effects.CALL_RELAYED -> add(counts, FigureKind.CALLS_RELAYED);
                default -> {
                    // a fact of a newer version: not counted here
                }
            }
        }
        counts.put(FigureKind.VIDEO_CONSULTS, (long) consults.size());
        counts.put(FigureKind.VIDEO_CONSULT_P50_SECONDS, consults.percentile(50));
        counts.put(FigureKind.VIDEO_CONSULT_P90_SECONDS, consults.percentile(90));
        counts.put(FigureKind.CHAT_VIDEO_CALLS, (long) chatCalls.size());
        counts.put(FigureKind.CHAT_VIDEO_CALL_P50_SECONDS, chatCalls.percentile(50));
        return figures(Channel.VIDEO_CONSULT, Effects.ALL, counts);
    }

    static List<Effects.Figure> figures(Channel channel, String scopeId, Map<FigureKind, Long> counts) {
        List<Effects.Figure> result = new ArrayList<>();
        for (FigureKind kind : FigureKind.of(channel)) {
            result.add(new Effects.Figure(channel, scopeId, kind.key(), counts.getOrDefault(kind, 0L)));
        }
        return result;
    }

    private static void add(Map<FigureKind, Long> counts, FigureKind kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    /** Values of one distribution. */
    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        long sum() {
            long sum = 0;
            for (int i = 0; i < size; i++) {
                sum += values[i];
            }
            return sum;
        }

        /** Nearest rank; 0 without values. */
        long percentile(int p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            long rank = ((long) p * size + 99) / 100;
            return sorted[(int) Math.max(1, rank) - 1];
        }
    }
}
