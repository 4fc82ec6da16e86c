package nl.spreekuur.server.officehours;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.schedule.OfficeHourZone;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.store.StatisticsLog.Fact;

/**
 * Records anonymous effect-measurement facts twice: durably per office hour per local day (for the admin
 * statistics API) and as Prometheus meters tagged only with the office hour id.
 */
final class OfficeHourFacts {
    private final StatisticsLog log;
    private final MeterRegistry meters;
    private final Clock clock;

    OfficeHourFacts(StatisticsLog log, MeterRegistry meters, Clock clock) {
        this.log = log;
        this.meters = meters;
        this.clock = clock;
    }

    void count(OfficeHour officeHour, Fact fact) {
        count(officeHour, fact, 1);
    }

    /**
     * Counts the fact with a value that qualifies it (a refusal's reason, a follow-up's kind, a chat's number of
     * messages; see {@link Fact}).
     */
    void count(OfficeHour officeHour, Fact fact, long value) {
        log.record(officeHour.getId(), OfficeHourZone.localDate(officeHour, clock.instant()), fact, value);
        Counter.builder("spreekuur_office_hour_events")
                .description("Office-hour events (joined, served, abandoned, refused, ...)")
                .tag("office_hour", officeHour.getId())
                .tag("event", fact.name().toLowerCase())
                .register(meters)
                .increment();
    }

    void duration(OfficeHour officeHour, Fact fact, Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        log.record(officeHour.getId(), OfficeHourZone.localDate(officeHour, clock.instant()), fact, seconds);
        DistributionSummary.builder(switch (fact) {
                    case WAIT_SECONDS -> "spreekuur_office_hour_wait_seconds";
                    case OFFLINE_HANDLED_SECONDS -> "spreekuur_office_hour_offline_handled_seconds";
                    default -> "spreekuur_office_hour_chat_seconds";
                })
                .description(switch (fact) {
                    case WAIT_SECONDS -> "Time clients waited before pick-up";
                    case OFFLINE_HANDLED_SECONDS -> "Time from an offline message to its handling";
                    default -> "Chat duration";
                })
                .baseUnit("seconds")
                .tag("office_hour", officeHour.getId())
                .publishPercentiles(0.5, 0.9)
                .register(meters)
                .record(seconds);
    }
}
