package nl.spreekuur.server.effects;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Effects.Channel;
import nl.spreekuur.server.store.Effects.PeriodKind;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled aggregation: reads the anonymous facts from the store (never node memory) and replaces the
 * aggregate figures of every period (day, week, month, quarter) that overlaps the last {@code recomputeDays} days,
 * per organisation, channel and scope. A period is recomputed whole from its facts and replaced in one
 * transaction, so any node may run it any number of times (after a restart, on several nodes at once) with the same
 * result; closed periods outside the window keep the figures they were last given.
 */
public final class EffectsJob {
    private static final Logger log = LoggerFactory.getLogger(EffectsJob.class);
    /** How long a chat's "rated" mark is kept: longer than {@code ChatOutcomes.RATING_WINDOW}. */
    static final Duration RATING_MEMORY = Duration.ofHours(48);

    private final Store store;
    private final Clock clock;
    private final int recomputeDays;

    public EffectsJob(Store store, Clock clock, int recomputeDays) {
        if (recomputeDays < 1) {
            throw new IllegalArgumentException("recomputeDays must be at least 1");
        }
        this.store = store;
        this.clock = clock;
        this.recomputeDays = recomputeDays;
    }

    public void runOnce() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), Effects.ZONE);
        for (Organisations.Organisation org : store.organisations().all()) {
            try {
                aggregate(org.id(), today.minusDays(recomputeDays - 1L), today);
            } catch (RuntimeException e) {
                log.warn("effects aggregation failed for an organisation: {}", e.getClass().getName());
            }
        }
        try {
            store.effects().deleteRatingsBefore(clock.instant().minus(RATING_MEMORY));
        } catch (RuntimeException e) {
            log.warn("forgetting old chat ratings failed: {}", e.getClass().getName());
        }
    }

    /** Recomputes every period of every kind that overlaps from..to for the organisation. */
    public void aggregate(String organisationId, LocalDate from, LocalDate to) {
        List<OfficeHour> officeHours = store.officeHours().byOrganisation(organisationId);
        List<Rooms.Room> rooms = store.rooms().byOrganisation(organisationId);
        Map<String, RoomData> roomData = new java.util.HashMap<>();
        for (Rooms.Room room : rooms) {
            roomData.put(room.id(), new RoomData(store.rooms().members(room.id(), true), store.rooms().log(room.id()),
                    activity(room.id())));
        }
        Instant now = clock.instant();
        for (PeriodKind kind : PeriodKind.values()) {
            for (LocalDate start : Periods.starts(kind, from, to)) {
                LocalDate end = Periods.end(kind, start);
                List<Effects.Figure> figures = new ArrayList<>();
                List<StatisticsLog.Row> all = new ArrayList<>();
                for (OfficeHour oh : officeHours) {
                    List<StatisticsLog.Row> rows = store.statistics().rows(oh.getId(), start, end);
                    all.addAll(rows);
                    figures.addAll(FigureCalculator.officeHour(oh.getId(), rows));
                }
                figures.addAll(FigureCalculator.officeHour(Effects.ALL, all));
                List<Effects.Fact> roomFacts = store.effects().facts(organisationId, Channel.GROUP_ROOM, start, end);
                Map<FigureKind, Long> total = new EnumMap<>(FigureKind.class);
                for (Rooms.Room room : rooms) {
                    RoomData data = roomData.get(room.id());
                    Map<FigureKind, Long> counts = FigureCalculator.room(start, end, data.members(), data.log(),
                            roomFacts.stream().filter(f -> f.scopeId().equals(room.id())).toList(), data.activity(),
                            now);
                    counts.forEach((k, v) -> total.merge(k, v, Long::sum));
                    figures.addAll(FigureCalculator.figures(Channel.GROUP_ROOM, room.id(), counts));
                }
                figures.addAll(FigureCalculator.figures(Channel.GROUP_ROOM, Effects.ALL, total));
                figures.addAll(FigureCalculator.video(
                        store.effects().facts(organisationId, Channel.VIDEO_CONSULT, start, end)));
                store.effects().replacePeriod(new Effects.Period(organisationId, kind, start, now, figures));
            }
        }
    }

    private record RoomData(List<Rooms.Member> members, List<Rooms.LogEntry> log,
                            FigureCalculator.RoomActivity activity) {
    }

    /**
     * The room's private talks (when opened) and meetings (start, sign-ups, head count), read from the rooms' people
     * tables.
     */
    private FigureCalculator.RoomActivity activity(String roomId) {
        List<Instant> opened = store.roomPeople().talks(roomId, true).stream()
                .map(RoomPeople.Talk::openedAt).filter(java.util.Objects::nonNull).toList();
        List<FigureCalculator.Meeting> meetings = store.roomPeople().upcomingMeetings(roomId, Instant.EPOCH).stream()
                .map(m -> new FigureCalculator.Meeting(m.startsAt(), store.roomPeople().answers(m.id()).coming(),
                        m.online(), m.attended()))
                .toList();
        return new FigureCalculator.RoomActivity(opened, meetings);
    }
}
