package nl.spreekuur.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nl.spreekuur.loadtest.baseline.BaselineServer;
import nl.spreekuur.loadtest.run.RunResult;
import nl.spreekuur.loadtest.stats.Stats;
import nl.spreekuur.protocol.v1.ConversationEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every scenario for a few seconds with tiny numbers, against the baseline relay and against a real Spreekuur
 * server: it must complete without protocol errors or loss, so the tool never rots. (The real benchmark runs
 * by hand, see BENCHMARKS.md.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioSmokeTest {
    private SpreekuurUnderTest spreekuur;
    private BaselineServer baseline;
    @TempDir
    Path reports;

    @BeforeAll
    void start() throws Exception {
        spreekuur = new SpreekuurUnderTest();
        baseline = BaselineServer.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        spreekuur.close();
        baseline.close();
    }

    static Stream<Arguments> scenarios() {
        List<Arguments> all = new ArrayList<>();
        for (String target : new String[] {"baseline", "spreekuur"}) {
            all.add(Arguments.of(target, "connections --connections 20 --rate 100 --hold 1"));
            all.add(Arguments.of(target, "chat --chats 4 --chats-per-professional 2 --rate 40 --duration 2"));
            all.add(Arguments.of(target, "officehours --professionals 2 --max-chats 2 --arrivals 4 --messages 3"
                    + " --pace 100 --duration 2"));
            all.add(Arguments.of(target, "reconnect-storm --chats 4 --chats-per-professional 4 --rate 40"
                    + " --before 1 --after 1"));
            all.add(Arguments.of(target, "mixed --idle 10 --idle-rate 50 --professionals 1 --max-chats 2"
                    + " --arrivals 2 --messages 2 --pace 100 --duration 2"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} against {0}")
    @MethodSource("scenarios")
    void completesWithoutErrorsOrLoss(String target, String scenario) {
        List<RunResult> results = run(target, scenario.split(" "));

        RunResult result = results.get(results.size() - 1);
        assertThat(result.errors()).isEmpty();
        assertThat(result.counter(Stats.LOST)).isZero();
        assertThat(result.notes()).isEmpty();
        assertThat(result.baseline()).isEqualTo(target.equals("baseline"));
        if (!scenario.startsWith("connections")) {
            assertThat(result.counter(Stats.ACKED)).isPositive();
            assertThat(result.counter(Stats.DELIVERED)).isEqualTo(result.counter(Stats.ACKED));
        }
        if (scenario.startsWith("reconnect-storm")) {
            assertThat(result.counter(Stats.RESUMED)).isEqualTo(4);
        }
    }

    @Test
    void comparesWithTheBaselineAndWritesReports() throws Exception {
        List<RunResult> results = run("spreekuur", "chat", "--chats", "2", "--rate", "20", "--ladder", "10,20",
                "--step", "1", "--json", "--compare-baseline", "--server-pid", Long.toString(spreekuur.pid()));

        assertThat(results).extracting(RunResult::target).containsExactly("baseline", "spreekuur");
        assertThat(results).allSatisfy(result -> assertThat(result.failed()).isFalse());
        assertThat(results.get(1).serverAfter()).isNotNull();
        assertThat(results.get(1).steps()).isNotEmpty();
        assertThat(Files.readString(reports.resolve("report.html"))).contains("<svg").doesNotContain("<script");
        assertThat(Files.readString(reports.resolve("report.json"))).contains("\"ackedPerSecond\"");
    }

    @Test
    void spreadsOverWorkerProcessesAndSourceAddresses() {
        List<RunResult> results = run("baseline", "chat", "--chats", "4", "--chats-per-professional", "2",
                "--rate", "40", "--duration", "2", "--processes", "2", "--source-address", "127.0.0.1,127.0.0.2");

        RunResult result = results.get(0);
        assertThat(result.notes()).containsExactly("2 worker processes");
        assertThat(result.errors()).isEmpty();
        assertThat(result.counter(Stats.CHATS_STARTED)).isEqualTo(4);
        assertThat(result.counter(Stats.DELIVERED)).isEqualTo(result.counter(Stats.ACKED)).isPositive();
    }

    @Test
    void professionalsConnectToTheProfessionalUrlAlsoInWorkerProcesses() throws Exception {
        List<RunResult> results = run("spreekuur", "chat", "--chats", "4", "--chats-per-professional", "2",
                "--rate", "40", "--duration", "2", "--processes", "2", "--professional-url", spreekuur.url());
        assertThat(results.get(0).errors()).isEmpty();
        assertThat(results.get(0).counter(Stats.DELIVERED)).isEqualTo(results.get(0).counter(Stats.ACKED)).isPositive();

        // Professionals really go there: at a port where nothing listens they cannot go on duty.
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("chat", "--chats", "2", "--rate", "10", "--duration", "1",
                "--professional-url", "ws://127.0.0.1:" + closedPort, "--url", spreekuur.url(), "--org",
                SpreekuurUnderTest.ORGANISATION, "--user", SpreekuurUnderTest.ADMIN, "--password",
                SpreekuurUnderTest.PASSWORD, "--report", reports.toString(), "--quiet"));
        CommandLine line = new CommandLine(new Main());
        assertThat(line.execute(args.toArray(String[]::new))).isNotZero();
        ScenarioCommand command = (ScenarioCommand) line.getSubcommands().get("chat").getCommand();
        assertThat(command.results()).singleElement()
                .satisfies(result -> assertThat(result.errors()).containsKey("GENERATOR_FAILED"));
    }

    @Test
    void theDurableBaselineAcknowledgesWhatItHasOnDiskAndSyncsForGroups() throws Exception {
        Path file = reports.resolve("baseline.log");
        BaselineServer durable = BaselineServer.start("127.0.0.1", 0, file);
        List<RunResult> results;
        try {
            results = runAt(durable.uri().toString(), "chat", "--chats", "4", "--chats-per-professional", "2",
                    "--rate", "200", "--duration", "2");
        } finally {
            durable.close();
        }
        long stored = durable.storedRecords();
        long syncs = durable.syncs();

        RunResult result = results.get(0);
        assertThat(result.errors()).isEmpty();
        assertThat(result.counter(Stats.LOST)).isZero();
        assertThat(result.counter(Stats.DELIVERED)).isEqualTo(result.counter(Stats.ACKED)).isPositive();
        // Every acknowledged message is a record in the file (plus the chats' ended events), read back here.
        List<ConversationEvent> onDisk = records(file);
        assertThat(onDisk).hasSize((int) stored);
        assertThat(onDisk.stream().filter(ConversationEvent::hasText).count()).isEqualTo(result.counter(Stats.ACKED));
        assertThat(onDisk.stream().filter(ConversationEvent::hasEnded).count()).isEqualTo(4);
        assertThat(syncs).isPositive().isLessThanOrEqualTo(stored);
    }

    private static List<ConversationEvent> records(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        List<ConversationEvent> events = new ArrayList<>();
        while (bytes.hasRemaining()) {
            byte[] record = new byte[bytes.getInt()];
            bytes.get(record);
            events.add(ConversationEvent.parseFrom(record));
        }
        return events;
    }

    @Test
    void everyScenarioHasHelp() {
        for (String scenario : new String[] {"connections", "chat", "officehours", "reconnect-storm", "mixed",
                "durability", "baseline"}) {
            assertThat(new CommandLine(new Main()).execute(scenario, "--help")).isZero();
        }
    }

    private List<RunResult> run(String target, String... scenarioArgs) {
        return runAt(target.equals("baseline") ? baseline.uri().toString() : spreekuur.url(), scenarioArgs);
    }

    private List<RunResult> runAt(String url, String... scenarioArgs) {
        List<String> args = new ArrayList<>(Arrays.asList(scenarioArgs));
        args.addAll(List.of("--url", url, "--org", SpreekuurUnderTest.ORGANISATION, "--user", SpreekuurUnderTest.ADMIN,
                "--password", SpreekuurUnderTest.PASSWORD, "--report", reports.toString(), "--quiet"));
        CommandLine line = new CommandLine(new Main());
        int exit = line.execute(args.toArray(String[]::new));
        ScenarioCommand command = (ScenarioCommand) line.getSubcommands().get(scenarioArgs[0]).getCommand();
        assertThat(exit).as("exit code; results %s", command.results()).isZero();
        return command.results();
    }
}
