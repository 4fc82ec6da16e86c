package nl.spreekuur.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import nl.spreekuur.server.testsupport.StandardErrorCapture;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class RepeatedLogTest {
    private static final String NAME = "nl.spreekuur.test.RepeatedLogTest";

    private final TestClock clock = new TestClock();
    private final RepeatedLog log = new RepeatedLog(LoggerFactory.getLogger(NAME), Level.WARN, Duration.ofSeconds(10),
            clock);

    @Test
    void aBurstBecomesOneLinePerIntervalWithACount() {
        try (StandardErrorCapture err = StandardErrorCapture.start()) {
            log.log("store unavailable while handling {}", "SEND_MESSAGE");
            for (int i = 0; i < 1_443; i++) {
                log.log("store unavailable while handling {}", "PING");
            }
            clock.advance(Duration.ofSeconds(10));
            log.log("store unavailable while handling {}", "SUBSCRIBE");
            clock.advance(Duration.ofSeconds(9));
            log.log("store unavailable while handling {}", "SUBSCRIBE");

            assertThat(lines(err)).containsExactly(
                    "WARN " + NAME + " - store unavailable while handling SEND_MESSAGE",
                    "WARN " + NAME + " - store unavailable while handling SUBSCRIBE"
                            + " (1443 more like this since the previous line)");
        }
    }

    @Test
    void flushReportsTheTailOfABurstOnce() {
        try (StandardErrorCapture err = StandardErrorCapture.start()) {
            log.log("{} tasks dropped", 3);
            log.log("{} tasks dropped", 4);
            log.log("{} tasks dropped", 5);
            log.flush();
            log.flush();

            assertThat(lines(err)).containsExactly(
                    "WARN " + NAME + " - 3 tasks dropped",
                    "WARN " + NAME + " - 5 tasks dropped (1 more like this since the previous line)");
        }
    }

    @Test
    void aClockThatStepsBackDoesNotSilenceTheLog() {
        try (StandardErrorCapture err = StandardErrorCapture.start()) {
            log.log("first");
            clock.advance(Duration.ofSeconds(-60));
            log.log("after the step back");

            assertThat(lines(err)).containsExactly("WARN " + NAME + " - first",
                    "WARN " + NAME + " - after the step back");
        }
    }

    /** This logger's WARN lines (tests also log DEBUG, where every repeat shows), without the thread prefix. */
    private static List<String> lines(StandardErrorCapture err) {
        return err.text().lines()
                .filter(line -> line.contains("WARN " + NAME))
                .map(line -> line.substring(line.indexOf("WARN ")))
                .toList();
    }
}
