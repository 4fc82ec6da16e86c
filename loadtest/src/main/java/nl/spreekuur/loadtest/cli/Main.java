package nl.spreekuur.loadtest.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import nl.spreekuur.loadtest.baseline.BaselineServer;
import nl.spreekuur.loadtest.setup.Fixture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar spreekuur-loadtest.jar <scenario> --url ws://host:port …} */
@Command(name = "spreekuur-loadtest", mixinStandardHelpOptions = true, version = "spreekuur-loadtest 1",
        description = "Load generator for Spreekuur (and its bare baseline relay).",
        subcommands = {Scenarios.Connections.class, Scenarios.Chat.class, Scenarios.OfficeHours.class,
                Scenarios.ReconnectStorm.class, Scenarios.Mixed.class, DurabilityCommand.class, Main.Baseline.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("worker")) {
            System.exit(worker(args));
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (what {@link #main} exits with). */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code worker <slice> <slices> <scenario> <options…>}, the fixture as one JSON line on stdin. */
    static int worker(String[] args) throws Exception {
        int slice = Integer.parseInt(args[1]);
        int slices = Integer.parseInt(args[2]);
        String[] scenarioArgs = Arrays.copyOfRange(args, 3, args.length);
        CommandLine line = new CommandLine(new Main());
        CommandLine.ParseResult parsed = line.parseArgs(scenarioArgs);
        ScenarioCommand command = (ScenarioCommand) parsed.subcommand().commandSpec().userObject();
        String json = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        Fixture fixture = Fixture.fromJson(json);
        return nl.spreekuur.loadtest.run.Workers.run(command.scenario(), fixture, command.sources(),
                command.encoding(), slice, slices, System.out);
    }

    @Command(name = "baseline", mixinStandardHelpOptions = true,
            description = "Run the baseline relay server (no auth; no store, or with --log the durable baseline) until"
                    + " stopped.")
    static final class Baseline implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--port", defaultValue = "8090", description = "Port (default: ${DEFAULT-VALUE}).")
        int port;
        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
        String bind;
        @Option(names = "--log", paramLabel = "FILE", description = "The durable baseline: append every event to"
                + " FILE (created or truncated) and acknowledge and relay it only after an fsync covers it (group"
                + " commit, syncs spaced by 1 ms like the server's journal).")
        java.nio.file.Path log;

        @Override
        public Integer call() throws Exception {
            try (BaselineServer server = BaselineServer.start(bind, port, log)) {
                System.out.println((log == null ? "baseline relay" : "durable baseline relay (log " + log + ")")
                        + " listening on " + server.uri());
                server.awaitClose();
            }
            return 0;
        }
    }
}
