package nl.spreekuur.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.server.testsupport.TestClock;
import nl.spreekuur.server.testsupport.TestServer;
import org.junit.jupiter.api.Test;

class LoginBackoffTest {
    private final TestClock clock = new TestClock(TestServer.START);
    private final LoginBackoff backoff = new LoginBackoff(clock, 3, Duration.ofSeconds(1), Duration.ofSeconds(10));
    private final String anna = LoginBackoff.key("Demo", " Anna ");

    @Test
    void freeFailuresThenDoublingUpToTheMaximum() {
        assertThat(LoginBackoff.key("demo", "anna")).isEqualTo(anna);
        for (int i = 0; i < 2; i++) {
            backoff.failed(anna);
            assertThat(backoff.waitFor(anna)).isEmpty();
        }
        backoff.failed(anna);
        assertThat(backoff.waitFor(anna)).contains(Duration.ofSeconds(1));
        backoff.failed(anna);
        assertThat(backoff.waitFor(anna)).contains(Duration.ofSeconds(2));
        backoff.failed(anna);
        backoff.failed(anna);
        assertThat(backoff.waitFor(anna)).contains(Duration.ofSeconds(8));
        backoff.failed(anna);
        assertThat(backoff.waitFor(anna)).contains(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertThat(backoff.waitFor(anna)).contains(Duration.ofSeconds(6));
        assertThat(backoff.waitFor(LoginBackoff.key("demo", "bert"))).isEmpty();
    }

    @Test
    void aSuccessClearsIt() {
        for (int i = 0; i < 5; i++) {
            backoff.failed(anna);
        }
        assertThat(backoff.waitFor(anna)).isPresent();
        backoff.succeeded(anna);
        assertThat(backoff.waitFor(anna)).isEmpty();
    }

    @Test
    void theBackoffEndsWithTime() {
        for (int i = 0; i < 4; i++) {
            backoff.failed(anna);
        }
        clock.advance(Duration.ofSeconds(2));
        assertThat(backoff.waitFor(anna)).isEmpty();
    }
}
