package nl.spreekuur.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import nl.spreekuur.loadtest.durability.Tally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The durability run with one kill against a real server process (this JVM's class path, embedded H2), so the
 * tool never rots. Whether the server keeps its promises is asserted by the server's own KillRestartTest; here
 * only that the tool kills, restarts, resumes and counts, and that its exit code follows what it found.
 */
class DurabilityCommandTest {
    @TempDir
    Path work;

    @Test
    void killsRestartsAndCounts() {
        CommandLine line = new CommandLine(new Main());
        int exit = line.execute("durability", "--kills", "1", "--messages", "40", "--kill-after", "20",
                "--server-classpath", System.getProperty("java.class.path"), "--work-dir", work.toString());

        Tally tally = ((DurabilityCommand) line.getSubcommands().get("durability").getCommand()).tally();
        assertThat(tally).as("the run was set up (exit %d)", exit).isNotNull();
        assertThat(tally.kills()).isEqualTo(1);
        assertThat(tally.acknowledged()).isGreaterThanOrEqualTo(20);
        assertThat(tally.recovered() + tally.notRecovered()).as("a resume per start after the setup").isEqualTo(2);
        assertThat(exit).isEqualTo(tally.problems().isEmpty() ? 0 : ScenarioCommand.FAILED);
        assertThat(Files.exists(work.resolve("data"))).isTrue();
    }
}
