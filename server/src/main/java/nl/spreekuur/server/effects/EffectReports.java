package nl.spreekuur.server.effects;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Effects.Channel;
import nl.spreekuur.server.store.Effects.PeriodKind;
import nl.spreekuur.server.store.Organisations;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Store;

/**
 * The organisation's own figures as the report page, the CSV file and the pooling export show them: read from the
 * aggregate tables (never computed on request), with small counts suppressed ({@link Suppression}).
 */
final class EffectReports {
    /** The export format's name and version (docs/effects-format.md). */
    static final String FORMAT = "spreekuur-effects";
    static final int FORMAT_VERSION = 1;
    /** At most this many periods in one answer (e.g. 366 days, 104 weeks). */
    static final int MAX_PERIODS = 400;

    private final Store store;
    private final Clock clock;

    EffectReports(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What a report asks for; checked by {@link #query}. */
    record Query(String organisationId, PeriodKind kind, LocalDate from, LocalDate to, Channel channel, String scope) {
    }

    /** Validates the parameters (IllegalArgumentException with a message for the API) and the scope's owner. */
    Query query(String organisationId, String period, String from, String to, String channel, String scope) {
        PeriodKind kind;
        try {
            kind = PeriodKind.valueOf(period.isEmpty() ? "MONTH" : period.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("period must be day, week, month or quarter");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), Effects.ZONE);
        LocalDate toDate = to.isEmpty() ? today : date("to", to);
        LocalDate fromDate = from.isEmpty() ? Periods.start(kind, toDate.minusYears(1).plusDays(1)) : date("from", from);
        if (toDate.isBefore(fromDate)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        if (Periods.starts(kind, fromDate, toDate).size() > MAX_PERIODS) {
            throw new IllegalArgumentException("at most " + MAX_PERIODS + " periods at once");
        }
        Channel ch;
        try {
            ch = Channel.valueOf(channel.isEmpty() ? "OFFICE_HOUR_CHAT" : channel.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("channel must be OFFICE_HOUR_CHAT, GROUP_ROOM or VIDEO_CONSULT");
        }
        String sc = scope.isEmpty() ? Effects.ALL : scope;
        if (!sc.equals(Effects.ALL) && scopes(organisationId).stream()
                .noneMatch(s -> s.get("id").equals(sc) && s.get("channel").equals(ch.name()))) {
            throw new java.util.NoSuchElementException("unknown office hour or group");
        }
        return new Query(organisationId, kind, fromDate, toDate, ch, sc);
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a date YYYY-MM-DD");
        }
    }

    /** The office hours and groups of the organisation, as filters (names are the organisation's own labels). */
    List<Map<String, String>> scopes(String organisationId) {
        List<Map<String, String>> scopes = new ArrayList<>();
        for (OfficeHour oh : store.officeHours().byOrganisation(organisationId)) {
            scopes.add(Map.of("channel", Channel.OFFICE_HOUR_CHAT.name(), "id", oh.getId(), "name", oh.getName()));
        }
        for (Rooms.Room room : store.rooms().byOrganisation(organisationId)) {
            scopes.add(Map.of("channel", Channel.GROUP_ROOM.name(), "id", room.id(), "name", room.name()));
        }
        return scopes;
    }

    /** The report page's data: every period of the range with its figures, and a chart per group of figures. */
    Map<String, Object> report(Query q) {
        Organisations.Organisation org = store.organisations().byId(q.organisationId()).orElseThrow();
        Map<LocalDate, Effects.Period> stored = new HashMap<>();
        for (Effects.Period p : store.effects().periods(q.organisationId(), q.kind(), Periods.start(q.kind(), q.from()),
                q.to())) {
            stored.put(p.start(), p);
        }
        List<LocalDate> starts = Periods.starts(q.kind(), q.from(), q.to());
        List<Map<String, Object>> periods = new ArrayList<>();
        List<Map<String, Long>> values = new ArrayList<>();
        for (LocalDate start : starts) {
            Effects.Period p = stored.get(start);
            Map<String, Long> v = values(p, q.channel(), q.scope());
            values.add(v);
            Map<String, Object> period = new LinkedHashMap<>();
            period.put("start", start.toString());
            period.put("end", Periods.end(q.kind(), start).toString());
            period.put("label", label(q.kind(), start));
            period.put("computed", p != null);
            Map<String, Object> figures = new LinkedHashMap<>();
            for (FigureKind kind : FigureKind.of(q.channel())) {
                figures.put(kind.key(), Suppression.cell(kind, v.getOrDefault(kind.key(), 0L), v));
            }
            period.put("figures", figures);
            periods.add(period);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("organisation", Map.of("id", org.id(), "name", org.name()));
        report.put("period", q.kind().name());
        report.put("from", q.from().toString());
        report.put("to", q.to().toString());
        report.put("channel", q.channel().name());
        report.put("scope", q.scope());
        report.put("suppression_threshold", Suppression.THRESHOLD);
        report.put("channels", channels());
        report.put("scopes", scopes(q.organisationId()));
        report.put("periods", periods);
        report.put("charts", charts(q.channel(), starts.stream().map(s -> label(q.kind(), s)).toList(), values));
        return report;
    }

    static List<Map<String, Object>> channels() {
        return List.of(
                Map.of("channel", Channel.OFFICE_HOUR_CHAT.name(), "present", true),
                Map.of("channel", Channel.GROUP_ROOM.name(), "present", true),
                Map.of("channel", Channel.VIDEO_CONSULT.name(), "present", true));
    }

    static List<Map<String, Object>> charts(Channel channel, List<String> labels, List<Map<String, Long>> values) {
        List<Map<String, Object>> charts = new ArrayList<>();
        for (Charts.Spec spec : Charts.of(channel)) {
            List<SvgChart.Series> series = new ArrayList<>();
            for (FigureKind kind : spec.figures()) {
                List<Long> bars = new ArrayList<>();
                for (Map<String, Long> v : values) {
                    long value = v.getOrDefault(kind.key(), 0L);
                    bars.add(Suppression.suppressed(kind, value, v) ? null : value);
                }
                series.add(new SvgChart.Series(bars));
            }
            Map<String, Object> chart = new LinkedHashMap<>();
            chart.put("id", spec.id());
            chart.put("figures", spec.figures().stream().map(FigureKind::key).toList());
            chart.put("colours", SvgChart.COLOURS.subList(0, Math.min(spec.figures().size(),
                    SvgChart.COLOURS.size())));
            chart.put("svg", SvgChart.render(labels, series));
            charts.add(chart);
        }
        return charts;
    }

    static Map<String, Long> values(Effects.Period p, Channel channel, String scope) {
        Map<String, Long> v = new HashMap<>();
        if (p != null) {
            for (Effects.Figure f : p.figures()) {
                if (f.channel() == channel && f.scopeId().equals(scope)) {
                    v.put(f.figure(), f.value());
                }
            }
        }
        return v;
    }

    static String label(PeriodKind kind, LocalDate start) {
        return switch (kind) {
            case DAY -> start.toString();
            case WEEK -> start.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> start.toString().substring(0, 7);
            case QUARTER -> start.getYear() + "-Q" + start.get(IsoFields.QUARTER_OF_YEAR);
        };
    }

    /** CSV (RFC 4180, comma, CRLF): one row per period and figure; suppressed values as "< 5". */
    String csv(Query q) {
        Map<String, Object> report = report(q);
        StringBuilder csv = new StringBuilder("period_start,period_end,channel,scope,figure,value\r\n");
        for (Object o : (List<?>) report.get("periods")) {
            Map<?, ?> period = (Map<?, ?>) o;
            for (Map.Entry<?, ?> f : ((Map<?, ?>) period.get("figures")).entrySet()) {
                csv.append(period.get("start")).append(',').append(period.get("end")).append(',')
                        .append(q.channel().name()).append(',').append(csvField(q.scope())).append(',')
                        .append(f.getKey()).append(',').append(((Map<?, ?>) f.getValue()).get("display"))
                        .append("\r\n");
            }
        }
        return csv.toString();
    }

    private static String csvField(String text) {
        return text.matches("[A-Za-z0-9_*-]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /**
     * The pooling export (format {@value #FORMAT}, version {@value #FORMAT_VERSION}, docs/effects-format.md): the
     * organisation's totals per channel and period, suppressed values as "< 5". No office-hour or group names or ids.
     */
    Map<String, Object> export(Query q) {
        Organisations.Organisation org = store.organisations().byId(q.organisationId()).orElseThrow();
        Map<LocalDate, Effects.Period> stored = new HashMap<>();
        for (Effects.Period p : store.effects().periods(q.organisationId(), q.kind(), Periods.start(q.kind(), q.from()),
                q.to())) {
            stored.put(p.start(), p);
        }
        List<Map<String, Object>> periods = new ArrayList<>();
        for (LocalDate start : Periods.starts(q.kind(), q.from(), q.to())) {
            Effects.Period p = stored.get(start);
            if (p == null) {
                continue;
            }
            Map<String, Object> channels = new LinkedHashMap<>();
            for (Channel channel : Channel.values()) {
                Map<String, Long> v = values(p, channel, Effects.ALL);
                Map<String, Object> figures = new LinkedHashMap<>();
                for (FigureKind kind : FigureKind.of(channel)) {
                    figures.put(kind.key(), Suppression.exported(kind, v.getOrDefault(kind.key(), 0L), v));
                }
                channels.put(channel.name(), figures);
            }
            Map<String, Object> period = new LinkedHashMap<>();
            period.put("start", start.toString());
            period.put("end", Periods.end(q.kind(), start).toString());
            period.put("channels", channels);
            periods.add(period);
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("format", FORMAT);
        export.put("version", FORMAT_VERSION);
        export.put("generated_on", LocalDate.ofInstant(clock.instant(), Effects.ZONE).toString());
        export.put("organisation", Map.of("name", org.name()));
        export.put("period", q.kind().name());
        export.put("from", q.from().toString());
        export.put("to", q.to().toString());
        export.put("time_zone", Effects.ZONE.getId());
        export.put("suppression_threshold", Suppression.THRESHOLD);
        export.put("periods", periods);
        return export;
    }

    static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
