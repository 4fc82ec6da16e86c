package nl.spreekuur.server.effects;

import java.util.List;
import java.util.Locale;

/**
 * Server-rendered SVG bar charts (grouped bars: one group per period, one bar per series). Chosen over a charting
 * library in the browser: no third-party script to vendor, review and keep up to date for a handful of bar charts,
 * nothing to run on a cheap phone, identical output on screen, in print and in tests, and the strict CSP stays as it
 * is (the SVG uses presentation attributes only, no style attribute or script). The chart is decoration for sighted
 * readers: it is {@code aria-hidden}, and the page shows the same figures in a table.
 *
 * <p>A suppressed value ("< 5") is drawn as no bar with "&lt;5" above its place, so the chart never shows more
 * than the table.
 */
final class SvgChart {
    /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, and in greyscale print. */
    static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9");
    private static final int WIDTH = 640;
    private static final int HEIGHT = 240;
    private static final int LEFT = 48;
    private static final int BOTTOM = 28;
    private static final int TOP = 12;

    /** One bar: its value, or null when suppressed. */
    record Series(List<Long> values) {
    }

    private SvgChart() {
    }

    static String render(List<String> labels, List<Series> series) {
        long max = 1;
        for (Series s : series) {
            for (Long v : s.values()) {
                if (v != null) {
                    max = Math.max(max, v);
                }
            }
        }
        long top = 4 * niceStep((max + 3) / 4);
        int plotHeight = HEIGHT - BOTTOM - TOP;
        int plotWidth = WIDTH - LEFT - 8;
        int groups = Math.max(1, labels.size());
        double groupWidth = (double) plotWidth / groups;
        double barWidth = Math.max(1, (groupWidth * 0.8) / Math.max(1, series.size()));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"100%\" aria-hidden=\"true\" focusable=\"false\""
                        + " font-family=\"sans-serif\" font-size=\"11\" class=\"effects-chart\">");
        for (int i = 0; i <= 4; i++) {
            long v = top * i / 4;
            double y = TOP + plotHeight - (double) plotHeight * i / 4;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\""
                    + " stroke-width=\"1\"/>", LEFT, y, WIDTH - 8, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%d"
                    + "</text>", LEFT - 4, y + 4, v));
        }
        int labelEvery = Math.max(1, (int) Math.ceil(groups / 12.0));
        for (int g = 0; g < labels.size(); g++) {
            double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < series.size(); s++) {
                Long v = g < series.get(s).values().size() ? series.get(s).values().get(g) : Long.valueOf(0);
                double x = x0 + s * barWidth;
                if (v == null) {
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\""
                            + " fill=\"#333\" font-size=\"9\">&lt;5</text>", x + barWidth / 2, TOP + plotHeight - 3.0));
                    continue;
                }
                double h = (double) plotHeight * v / top;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                                + " fill=\"%s\"/>", x, TOP + plotHeight - h, Math.max(0.5, barWidth - 1), h,
                        COLOURS.get(s % COLOURS.size())));
            }
            if (g % labelEvery == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">"
                        + "%s</text>", LEFT + g * groupWidth + groupWidth / 2, HEIGHT - 10, escape(labels.get(g))));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\""
                + " stroke-width=\"1\"/>", LEFT, TOP + plotHeight, WIDTH - 8, TOP + plotHeight));
        return svg.append("</svg>").toString();
    }

    /** The grid step: 1, 2, 5 × 10^n at or above the value, so the four grid lines carry round numbers. */
    static long niceStep(long value) {
        long magnitude = 1;
        while (true) {
            for (long step : new long[] {1, 2, 5}) {
                if (step * magnitude >= value) {
                    return step * magnitude;
                }
            }
            magnitude *= 10;
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
