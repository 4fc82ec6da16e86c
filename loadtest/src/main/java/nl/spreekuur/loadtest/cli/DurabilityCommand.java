package nl.spreekuur.loadtest.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nl.spreekuur.loadtest.client.Encoding;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.loadtest.durability.DurabilityRun;
import nl.spreekuur.loadtest.durability.Tally;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code durability}: starts a server process itself, kills it with SIGKILL while a client pipelines messages, and
 * restarts it on the same store, {@code --kills} times; reports acknowledged, lost and duplicated messages and how
 * resumes were answered. Exit 0 = nothing lost, duplicated or silently diverged; 1 = something was; 2 = the run
 * could not be set up.
 */
@Command(name = "durability", mixinStandardHelpOptions = true,
        description = "Start a server, SIGKILL it while a client pipelines messages, restart it on the same store;"
                + " count acknowledged messages lost or duplicated and resumes recovered or not.")
final class DurabilityCommand implements Callable<Integer> {
    enum Store { h2, postgres }

    @Option(names = "--kills", defaultValue = "100", description = "Kills (default: ${DEFAULT-VALUE}).")
    int kills;
    @Option(names = "--messages", defaultValue = "400",
            description = "Messages pipelined before each kill (default: ${DEFAULT-VALUE}).")
    int messages;
    @Option(names = "--kill-after", defaultValue = "0",
            description = "Kill once this many are acknowledged (default: half of --messages).")
    int killAfter;
    @Option(names = "--store", defaultValue = "h2", description = "h2 (embedded file) or postgres (default: ${DEFAULT-VALUE}).")
    Store store;
    @Option(names = "--store-url", description = "postgres: JDBC URL of an empty database"
            + " (password from SPREEKUUR_STORE_PASSWORD).")
    String storeUrl;
    @Option(names = "--store-user", description = "postgres: database user.")
    String storeUser;
    @Option(names = "--server-jar", defaultValue = "server/target/spreekuur-server.jar",
            description = "The server to start (default: ${DEFAULT-VALUE}).")
    Path serverJar;
    @Option(names = "--server-classpath", description = "Start nl.spreekuur.server.Main from this class path"
            + " instead of --server-jar.")
    String serverClasspath;
    @Option(names = "--work-dir", defaultValue = "durability-run",
            description = "Server logs and the H2 data dir (default: ${DEFAULT-VALUE}).")
    Path workDir;
    @Option(names = "--json", description = "Speak the JSON subprotocol instead of protobuf.")
    boolean json;

    private Tally tally;

    /** What the last call found (for tests). */
    Tally tally() {
        return tally;
    }

    @Override
    public Integer call() throws Exception {
        if (store == Store.postgres && storeUrl == null) {
            System.err.println("--store postgres needs --store-url (an empty database)");
            return ScenarioCommand.SETUP_FAILED;
        }
        Files.createDirectories(workDir);
        List<String> storeArguments = store == Store.h2
                ? List.of("--data-dir", workDir.resolve("data").toAbsolutePath().toString())
                : storeUrl(storeUrl, storeUser);
        DurabilityRun.Settings settings = new DurabilityRun.Settings(kills, messages,
                killAfter > 0 ? Math.min(killAfter, messages) : Math.max(1, messages / 2), launcher(),
                storeArguments, json ? Encoding.JSON : Encoding.PROTO, workDir, System.out);
        try {
            tally = DurabilityRun.run(settings);
        } catch (ProtocolException e) {
            System.err.println("run could not be set up: " + e.code() + ": " + e.getMessage());
            return ScenarioCommand.SETUP_FAILED;
        }
        System.out.println(tally.summary());
        tally.problems().forEach(problem -> System.out.println("PROBLEM: " + problem));
        return tally.problems().isEmpty() ? 0 : ScenarioCommand.FAILED;
    }

    private static List<String> storeUrl(String url, String user) {
        List<String> arguments = new ArrayList<>(List.of("--store-url", url));
        if (user != null) {
            arguments.addAll(List.of("--store-user", user));
        }
        return arguments;
    }

    /** This JVM's java, with the jar or the class path. */
    private List<String> launcher() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return serverClasspath != null
                ? List.of(java, "-cp", serverClasspath, "nl.spreekuur.server.Main")
                : List.of(java, "-jar", serverJar.toString());
    }
}
