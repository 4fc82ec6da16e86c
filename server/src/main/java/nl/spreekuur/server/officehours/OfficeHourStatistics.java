package nl.spreekuur.server.officehours;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import nl.spreekuur.protocol.v1.GetStatistics;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.Statistics;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.schedule.ScheduleValidator;
import nl.spreekuur.server.session.RequestException;

/** The anonymous per-day statistics of an office hour, for supervisors and org-admins. */
final class OfficeHourStatistics {
    private final OfficeHourContext ctx;

    OfficeHourStatistics(OfficeHourContext ctx) {
        this.ctx = ctx;
    }

    Statistics statistics(Principal principal, GetStatistics request) {
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), request.getOfficeHourId());
        OfficeHourAccess.requireSupervisorOrAdmin(principal, oh);
        LocalDate from = date("from_date", request.getFromDate());
        LocalDate to = date("to_date", request.getToDate());
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > DailyStatisticsCalculator.MAX_DAYS) {
            throw RequestException.invalid("date range must be 1.." + DailyStatisticsCalculator.MAX_DAYS + " days");
        }
        return Statistics.newBuilder().setOfficeHourId(oh.getId()).addAllDays(DailyStatisticsCalculator.calculate(
                from, to, ctx.store().statistics().rows(oh.getId(), from, to))).build();
    }

    private static LocalDate date(String field, String text) {
        return ScheduleValidator.parseDate(text)
                .orElseThrow(() -> RequestException.invalid(field + " must be a date YYYY-MM-DD"));
    }
}
