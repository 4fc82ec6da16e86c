package nl.spreekuur.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import nl.spreekuur.loadtest.run.Point;
import nl.spreekuur.loadtest.run.RunResult;

/**
 * A self-contained HTML report: the summary text, the machine, and line charts drawn here as inline SVG (no
 * scripts, no CDN) of latency, throughput, connections and server heap/RSS/CPU over the run.
 */
public final class HtmlReport {
    private static final String[] COLOURS = {"#1f6feb", "#d9480f", "#2f9e44", "#9c36b5", "#868e96"};

    private HtmlReport() {
    }

    /** One line of a chart. */
    record Series(String name, List<Point> points, ToDoubleFunction<Point> value) {
    }

    public static String render(List<RunResult> results, Machine machine) {
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Spreekuur load test</title><style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                + "pre{background:#f6f8fa;padding:1em;overflow:auto}svg{background:#fff;border:1px solid #ddd;"
                + "margin:.5em 0}h2{margin-top:2em}</style></head><body><h1>Spreekuur load test</h1>");
        html.append("<p>Machine: ").append(escape(machine.toString())).append("</p>");
        html.append("<pre>").append(escape(Summary.render(results, machine))).append("</pre>");
        for (RunResult result : results) {
            List<Point> points = result.timeline();
            html.append("<h2>").append(escape(result.scenario() + " against " + result.target())).append("</h2>");
            html.append(chart("Latency over time (ms, per second)", List.of(
                    new Series("ack p50", points, Point::ackP50), new Series("ack p99", points, Point::ackP99),
                    new Series("delivered p99", points, Point::deliveryP99))));
            html.append(chart("Throughput (messages/s)", List.of(
                    new Series("offered", points, Point::offeredPerSecond),
                    new Series("acknowledged", points, Point::ackedPerSecond),
                    new Series("delivered", points, Point::deliveredPerSecond))));
            html.append(chart("Connections", List.of(new Series("open (client side)", points,
                    p -> p.connections()))));
            if (!result.baseline() && points.stream().anyMatch(p -> p.server() != null)) {
                html.append(chart("Server memory (MiB)", List.of(
                        new Series("heap used", points, p -> p.server() == null ? Double.NaN
                                : p.server().heapBytes() / (1024 * 1024)),
                        new Series("RSS", points, p -> p.server() == null ? Double.NaN
                                : p.server().rssBytes() / (1024 * 1024)))));
                html.append(chart("Server CPU (% of all cores)", List.of(new Series("process", points,
                        p -> p.server() == null ? Double.NaN : p.server().cpuUsage() * 100))));
            }
        }
        return html.append("</body></html>\n").toString();
    }

    static String chart(String title, List<Series> series) {
        int width = 760;
        int height = 220;
        int left = 60;
        int bottom = 30;
        double maxX = 1;
        double maxY = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                double y = s.value().applyAsDouble(p);
                maxX = Math.max(maxX, p.seconds());
                if (!Double.isNaN(y)) {
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxY <= 0) {
            maxY = 1;
        }
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">"
                        + "<title>%s</title><text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>",
                width, height + 20, escape(title), left, escape(title)));
        double plotWidth = width - left - 150;
        double plotHeight = height - bottom - 20;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"20\" stroke=\"#999\"/>"
                        + "<line x1=\"%d\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>",
                left, 20 + plotHeight, left, left, 20 + plotHeight, left + plotWidth, 20 + plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"28\" font-size=\"11\">%s</text>"
                        + "<text x=\"4\" y=\"%.0f\" font-size=\"11\">0</text>"
                        + "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%.0f s</text>",
                number(maxY), 20 + plotHeight, left + plotWidth - 20, 36 + plotHeight, maxX));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            List<String> coordinates = new ArrayList<>();
            for (Point p : s.points()) {
                double y = s.value().applyAsDouble(p);
                if (!Double.isNaN(y)) {
                    coordinates.add(String.format(Locale.ROOT, "%.1f,%.1f", left + p.seconds() / maxX * plotWidth,
                            20 + plotHeight - y / maxY * plotHeight));
                }
            }
            String colour = COLOURS[i % COLOURS.length];
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\""
                    + " points=\"%s\"/>", colour, String.join(" ", coordinates)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                    left + plotWidth + 10, 36 + i * 16, colour, escape(s.name())));
        }
        return svg.append("</svg>").toString();
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
