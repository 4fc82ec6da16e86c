package nl.spreekuur.server.officehours;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.officehours.schedule.OfficeHourZone;
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
        log.record(officeHour.getId(), OfficeHourZone.localDate(officeHour, clock.instant()), fact, 1);
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
        DistributionSummary.builder(fact == Fact.WAIT_SECONDS ? "spreekuur_office_hour_wait_seconds"
                        : "spreekuur_office_hour_chat_seconds")
                .description(fact == Fact.WAIT_SECONDS ? "Time clients waited before pick-up" : "Chat duration")
                .baseUnit("seconds")
                .tag("office_hour", officeHour.getId())
                .publishPercentiles(0.5, 0.9)
                .register(meters)
                .record(seconds);
    }
}
