package nl.spreekuur.server.effects;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.store.Store;

/**
 * The organisation's totals next to the first quartile, median and third quartile of every organisation on this
 * deployment that takes part (its admin opted in). Shown only to an organisation that takes part itself, and per
 * period only when at least {@link #MINIMUM} organisations that take part have figures for it; the other
 * organisations are never named or counted individually. Quartiles by linear interpolation between the sorted
 * values (type 7 of Hyndman and Fan, as spreadsheets compute them). A measure (p50/p90) of an organisation whose
 * basis is below the suppression threshold is left out; counts of 1..4 are shown as "< 5", also for quartiles.
 */
final class Benchmark {
    static final int MINIMUM = 3;

    private final Store store;
    private final EffectReports reports;

    Benchmark(Store store, EffectReports reports, Clock clock) {
        this.store = store;
        this.reports = reports;
    }

    Map<String, Object> benchmark(EffectReports.Query q) {
        Set<String> participants = store.effects().benchmarkParticipants();
        boolean optedIn = participants.contains(q.organisationId());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("period", q.kind().name());
        result.put("from", q.from().toString());
        result.put("to", q.to().toString());
        result.put("channel", q.channel().name());
        result.put("minimum_organisations", MINIMUM);
        result.put("opted_in", optedIn);
        result.put("suppression_threshold", Suppression.THRESHOLD);
        if (!optedIn) {
            result.put("shown", false);
            result.put("reason", "NOT_OPTED_IN");
            result.put("periods", List.of());
            return result;
        }
        if (participants.size() < MINIMUM) {
            result.put("shown", false);
            result.put("reason", "TOO_FEW_ORGANISATIONS");
            result.put("periods", List.of());
            return result;
        }
        Map<LocalDate, List<Effects.Period>> byStart = new HashMap<>();
        for (Effects.Period p : store.effects().organisationTotals(participants, q.kind(),
                Periods.start(q.kind(), q.from()), q.to())) {
            byStart.computeIfAbsent(p.start(), s -> new ArrayList<>()).add(p);
        }
        List<Map<String, Object>> periods = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Map<String, Long>> own = new ArrayList<>();
        List<Map<String, Long>> medians = new ArrayList<>();
        boolean any = false;
        for (LocalDate start : Periods.starts(q.kind(), q.from(), q.to())) {
            List<Effects.Period> all = byStart.getOrDefault(start, List.of());
            Map<String, Object> period = new LinkedHashMap<>();
            period.put("start", start.toString());
            period.put("end", Periods.end(q.kind(), start).toString());
            period.put("label", EffectReports.label(q.kind(), start));
            Map<String, Long> ownValues = new HashMap<>();
            Map<String, Long> medianValues = new HashMap<>();
            if (all.size() < MINIMUM) {
                period.put("shown", false);
                period.put("figures", Map.of());
            } else {
                any = true;
                period.put("shown", true);
                List<Map<String, Long>> values = all.stream()
                        .map(p -> EffectReports.values(p, q.channel(), Effects.ALL)).toList();
                ownValues = all.stream().filter(p -> p.organisationId().equals(q.organisationId())).findFirst()
                        .map(p -> EffectReports.values(p, q.channel(), Effects.ALL)).orElse(Map.of());
                Map<String, Object> figures = new LinkedHashMap<>();
                for (FigureKind kind : FigureKind.of(q.channel())) {
                    Map<String, Object> cell = new LinkedHashMap<>();
                    cell.put("own", Suppression.cell(kind, ownValues.getOrDefault(kind.key(), 0L), ownValues));
                    double[] sample = values.stream()
                            .filter(v -> !Suppression.suppressed(kind, v.getOrDefault(kind.key(), 0L), v)
                                    || kind.basis().isEmpty())
                            .mapToDouble(v -> v.getOrDefault(kind.key(), 0L)).sorted().toArray();
                    if (sample.length < MINIMUM) {
                        cell.put("q1", unavailable());
                        cell.put("median", unavailable());
                        cell.put("q3", unavailable());
                    } else {
                        cell.put("q1", quantileCell(kind, sample, 0.25));
                        Map<String, Object> median = quantileCell(kind, sample, 0.5);
                        cell.put("median", median);
                        cell.put("q3", quantileCell(kind, sample, 0.75));
                        if (median.get("value") instanceof Double d) {
                            medianValues.put(kind.key(), Math.round(d));
                        }
                    }
                    figures.put(kind.key(), cell);
                }
                period.put("figures", figures);
            }
            if (all.size() >= MINIMUM) {
                // Charts show only the periods with a comparison.
                labels.add(EffectReports.label(q.kind(), start));
                own.add(ownValues);
                medians.add(medianValues);
            }
            periods.add(period);
        }
        result.put("shown", any);
        if (!any) {
            result.put("reason", "TOO_FEW_ORGANISATIONS");
        }
        result.put("periods", periods);
        result.put("charts", any ? charts(q, labels, own, medians) : List.of());
        return result;
    }

    /** One chart per figure group: the organisation's value and the median, side by side. */
    private static List<Map<String, Object>> charts(EffectReports.Query q, List<String> labels,
                                                    List<Map<String, Long>> own, List<Map<String, Long>> medians) {
        List<Map<String, Object>> charts = new ArrayList<>();
        for (FigureKind kind : List.of(FigureKind.CLIENTS_REACHED, FigureKind.SERVED, FigureKind.WAIT_P50_SECONDS,
                FigureKind.FOLLOW_UP_FACE_TO_FACE, FigureKind.ACTIVE_MEMBERS, FigureKind.ROOM_MESSAGES)) {
            if (kind.channel() != q.channel()) {
                continue;
            }
            List<Long> ownBars = new ArrayList<>();
            List<Long> medianBars = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                Map<String, Long> v = own.get(i);
                long value = v.getOrDefault(kind.key(), 0L);
                ownBars.add(Suppression.suppressed(kind, value, v) ? null : value);
                Long m = medians.get(i).get(kind.key());
                medianBars.add(m == null || (kind.basis().isEmpty() && m > 0 && m < Suppression.THRESHOLD) ? null : m);
            }
            Map<String, Object> chart = new LinkedHashMap<>();
            chart.put("id", "benchmark_" + kind.key());
            chart.put("figures", List.of(kind.key(), kind.key() + "_median"));
            chart.put("colours", SvgChart.COLOURS.subList(0, 2));
            chart.put("svg", SvgChart.render(labels, List.of(new SvgChart.Series(ownBars),
                    new SvgChart.Series(medianBars))));
            charts.add(chart);
        }
        return charts;
    }

    private static Map<String, Object> unavailable() {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("value", null);
        cell.put("display", "-");
        return cell;
    }

    private static Map<String, Object> quantileCell(FigureKind kind, double[] sorted, double p) {
        double q = quantile(sorted, p);
        Map<String, Object> cell = new LinkedHashMap<>();
        if (kind.basis().isEmpty() && q > 0 && q < Suppression.THRESHOLD) {
            cell.put("value", null);
            cell.put("display", Suppression.SHOWN_INSTEAD);
            cell.put("suppressed", true);
        } else {
            double rounded = Math.round(q * 10) / 10.0;
            cell.put("value", rounded);
            cell.put("display", rounded == Math.rint(rounded) ? Long.toString((long) rounded)
                    : String.format(java.util.Locale.ROOT, "%.1f", rounded));
        }
        return cell;
    }

    /** Type 7: h = (n - 1) p, interpolated between the values around h. */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static double[] sorted(double... values) {
        double[] copy = Arrays.copyOf(values, values.length);
        Arrays.sort(copy);
        return copy;
    }
}
