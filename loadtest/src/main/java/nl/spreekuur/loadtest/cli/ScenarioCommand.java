package nl.spreekuur.loadtest.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nl.spreekuur.loadtest.baseline.BaselineServer;
import nl.spreekuur.loadtest.client.Encoding;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.loadtest.report.HtmlReport;
import nl.spreekuur.loadtest.report.JsonReport;
import nl.spreekuur.loadtest.report.Machine;
import nl.spreekuur.loadtest.report.Summary;
import nl.spreekuur.loadtest.run.RunResult;
import nl.spreekuur.loadtest.run.Runner;
import nl.spreekuur.loadtest.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A scenario subcommand: builds its {@link Scenario} from its options; runs it (after the baseline, with
 * {@code --compare-baseline}); prints the summary, writes the reports. Exit code 0 = clean run, 1 = protocol
 * errors or lost messages, 2 = the run could not be set up.
 */
public abstract class ScenarioCommand implements Callable<Integer> {
    /** The exit code of a run that saw protocol errors or lost messages. */
    public static final int FAILED = 1;
    /** The exit code of a run that could not be set up. */
    public static final int SETUP_FAILED = 2;

    @Mixin
    RunOptions options = new RunOptions();

    @Spec
    CommandSpec spec;

    /** The scenario these options describe. */
    protected abstract Scenario scenario();

    /** The subcommand name, as its {@code @Command} annotation gives it. */
    final String name() {
        return getClass().getAnnotation(Command.class).name();
    }

    private List<RunResult> results = List.of();

    /** What the last call measured (for tests and embedding). */
    public List<RunResult> results() {
        return results;
    }

    @Override
    public Integer call() throws Exception {
        if (options.user == null || options.password == null) {
            System.err.println("--user and --password (or SPREEKUUR_LOADTEST_USER/_PASSWORD) are required");
            return SETUP_FAILED;
        }
        Runner runner = new Runner(settings(List.of()), scenario());
        List<RunResult> measured = new ArrayList<>();
        try {
            if (options.compareBaseline) {
                try (BaselineServer baseline = BaselineServer.start("127.0.0.1", 0)) {
                    measured.add(runner.run(List.of(baseline.uri()), "baseline"));
                }
            }
            measured.add(runner.run(options.urls, "spreekuur"));
        } catch (ProtocolException e) {
            System.err.println("run could not be set up: " + e.code() + ": " + e.getMessage());
            return SETUP_FAILED;
        }
        results = List.copyOf(measured);
        Machine machine = Machine.current();
        System.out.print(Summary.render(results, machine));
        Files.createDirectories(options.report);
        Files.writeString(options.report.resolve("report.html"), HtmlReport.render(results, machine),
                StandardCharsets.UTF_8);
        Files.writeString(options.report.resolve("report.json"), JsonReport.render(results, machine),
                StandardCharsets.UTF_8);
        System.out.println("report: " + options.report.resolve("report.html").toAbsolutePath());
        boolean failed = results.stream().anyMatch(r -> r.failed()
                || r.notes().stream().anyMatch(n -> n.startsWith("a slice failed")));
        return failed ? FAILED : 0;
    }

    /** The arguments as given, scenario name first: what a worker process parses again. */
    List<String> arguments() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (args.isEmpty() || !args.get(0).equals(name())) {
            args.add(0, name());
        }
        return args;
    }

    Runner.Settings settings(List<String> args) {
        return new Runner.Settings(name(), args.isEmpty() ? arguments() : args, options.organisation,
                options.user, options.password, options.officeHour, options.sources,
                options.json ? Encoding.JSON : Encoding.PROTO, options.processes, options.serverPid,
                options.quiet ? null : System.err, options.professionalUrl);
    }

    Encoding encoding() {
        return options.json ? Encoding.JSON : Encoding.PROTO;
    }

    List<String> sources() {
        return options.sources;
    }
}
