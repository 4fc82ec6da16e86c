package nl.spreekuur.loadtest.run;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.spreekuur.loadtest.client.Connector;
import nl.spreekuur.loadtest.client.Encoding;
import nl.spreekuur.loadtest.report.Summary;
import nl.spreekuur.loadtest.scenario.Scenario;
import nl.spreekuur.loadtest.setup.Fixture;
import nl.spreekuur.loadtest.setup.OrgAdmin;
import nl.spreekuur.loadtest.stats.Snapshot;
import org.HdrHistogram.Histogram;

/**
 * The coordinator of one run against one target: setup through the protocol, the slices (threads here or
 * worker processes), a progress line per second, server scrapes, merging, cleanup.
 */
public final class Runner {
    /** How to run: everything the scenario command's options say besides the scenario itself. */
    public record Settings(String scenarioName, List<String> scenarioArgs, String organisation, String user,
                           String password, String officeHour, List<String> sources, Encoding encoding,
                           int processes, long serverPid, PrintStream progress, URI professionalUrl) {
    }

    /** Sockets one process holds at most here (hard nofile limit 20,000, with room for the JVM's own files). */
    public static final int SOCKETS_PER_PROCESS = 18_000;

    private final Settings settings;
    private final Scenario scenario;

    public Runner(Settings settings, Scenario scenario) {
        this.settings = settings;
        this.scenario = scenario;
    }

    public RunResult run(List<URI> urls, String label) throws InterruptedException, IOException {
        List<String> notes = new ArrayList<>();
        try (Connector setupConnector = new Connector(urls, settings.sources(), settings.encoding());
             OrgAdmin admin = OrgAdmin.login(setupConnector, settings.organisation(), settings.user(),
                     settings.password())) {
            Fixture prepared = admin.prepare(urls, scenario.professionals(), scenario.maxChatsPerProfessional(),
                    settings.officeHour(), settings.user(), settings.password());
            // the baseline is one relay: professionals and clients meet there
            Fixture fixture = prepared.baseline() ? prepared : prepared.withProfessionalUrl(settings.professionalUrl());
            String target = fixture.baseline() ? "baseline" : label;
            long serverPid = fixture.baseline() ? 0 : settings.serverPid();
            ServerSample before = fixture.baseline() ? null : ServerSample.scrape(urls.get(0), serverPid);
            int processes = settings.processes() > 0 ? settings.processes()
                    : Math.max(1, (scenario.sockets() + SOCKETS_PER_PROCESS - 1) / SOCKETS_PER_PROCESS);
            List<Generator> generators = new ArrayList<>();
            if (processes == 1) {
                generators.add(new LocalGenerator(scenario, fixture, settings.sources(), settings.encoding(), 0, 1));
            } else {
                for (int i = 0; i < processes; i++) {
                    generators.add(new WorkerGenerator(fixture, settings.scenarioArgs(), i, processes));
                }
                notes.add(processes + " worker processes");
            }
            long start = System.currentTimeMillis();
            Merger merger = new Merger(start, scenario.ladder());
            ServerSample peak = before;
            boolean running = true;
            while (running) {
                Thread.sleep(1000);
                running = generators.stream().anyMatch(g -> !g.done());
                Map<String, Histogram> tick = new LinkedHashMap<>();
                for (int i = 0; i < generators.size(); i++) {
                    for (Snapshot snapshot : generators.get(i).poll()) {
                        merger.add(i, snapshot, tick);
                    }
                }
                ServerSample sample = fixture.baseline() ? null : ServerSample.scrape(urls.get(0), serverPid);
                if (sample != null && (peak == null || sample.connections() >= peak.connections())) {
                    peak = sample;
                }
                Point point = merger.tick(System.currentTimeMillis(), tick, sample);
                if (settings.progress() != null) {
                    settings.progress().println(Summary.progressLine(target, point, merger.errors()));
                }
            }
            generators.forEach(g -> {
                if (g.failure() != null) {
                    notes.add("a slice failed: " + g.failure());
                }
            });
            double seconds = (System.currentTimeMillis() - start) / 1000.0;
            ServerSample after = fixture.baseline() ? null : ServerSample.scrape(urls.get(0), serverPid);
            notes.addAll(admin.cleanUp());
            return new RunResult(settings.scenarioName(), target, fixture.baseline(), seconds, merger.counters(),
                    merger.errors(), merger.totals(), merger.timeline(), merger.steps(), before, peak, after, notes);
        }
    }
}
