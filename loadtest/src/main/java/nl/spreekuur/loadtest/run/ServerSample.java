package nl.spreekuur.loadtest.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.spreekuur.loadtest.client.Connector;

/**
 * One scrape of the server's {@code /metrics} (Prometheus text): CPU, heap, open connections; plus the resident
 * set size from {@code /proc/<pid>/status} when the server runs on this machine and its pid is given. Values
 * the server does not expose are {@code NaN}.
 */
public record ServerSample(long atMillis, double cpuUsage, double cpuSeconds, double cpuCount, double heapBytes,
                           double nonHeapBytes, double connections, double rssBytes) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Scrapes the first target; {@code null} when it has no {@code /metrics} (the baseline server). */
    public static ServerSample scrape(URI target, long pid) {
        String text;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(Connector.httpUri(target, "/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            text = response.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return parse(text, System.currentTimeMillis(), rss(pid));
    }

    static ServerSample parse(String text, long atMillis, double rss) {
        double cpu = Double.NaN;
        double cpuNanos = Double.NaN;
        double cpuCount = Double.NaN;
        double heap = 0;
        double nonHeap = 0;
        double connections = Double.NaN;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(0, space);
            double value;
            try {
                value = Double.parseDouble(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            if (name.equals("process_cpu_usage")) {
                cpu = value;
            } else if (name.equals("process_cpu_time_ns_total")) {
                cpuNanos = value;
            } else if (name.equals("system_cpu_count")) {
                cpuCount = value;
            } else if (name.equals("spreekuur_connections_open")) {
                connections = value;
            } else if (name.startsWith("jvm_memory_used_bytes{")) {
                if (name.contains("area=\"heap\"")) {
                    heap += value;
                } else {
                    nonHeap += value;
                }
            }
        }
        return new ServerSample(atMillis, cpu, cpuNanos / 1e9, cpuCount, heap, nonHeap, connections, rss);
    }

    /** VmRSS of a local process in bytes, NaN without a pid or when it cannot be read. */
    static double rss(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
