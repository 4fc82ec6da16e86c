package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import nl.spreekuur.server.config.CallsConfig;
import org.junit.jupiter.api.Test;

/** What {@code --demo} prints about calls: the STUN URL browsers get and, when configured, TURN (no secret). */
class CallsDemoLinesTest {
    private static CallsConfig config(List<String> stun, List<String> turn, String secret, int stunPort) {
        return new CallsConfig(6, Duration.ofSeconds(30), stun, turn, secret, Duration.ofMinutes(10), stunPort);
    }

    @Test
    void theEmbeddedResponderIsNamedWithThePublicHost() {
        assertThat(CallsModule.describeIceServers(config(List.of(), List.of(), "", 3478), "https://chat.example.nl/"))
                .containsExactly("Video, STUN:       stun:chat.example.nl:3478  (embedded responder, UDP)");
    }

    @Test
    void configuredStunAndTurnArePrintedWithoutTheSecret() {
        List<String> lines = CallsModule.describeIceServers(config(List.of("stun:turn.example.nl:3478"),
                List.of("turn:turn.example.nl:3478?transport=udp", "turns:turn.example.nl:443?transport=tcp"),
                "the-secret", 3478), "https://chat.example.nl/");
        assertThat(lines).containsExactly("Video, STUN:       stun:turn.example.nl:3478",
                "Video, TURN:       turn:turn.example.nl:3478?transport=udp, turns:turn.example.nl:443?transport=tcp"
                        + "  (time-limited credentials, 600 s)");
        assertThat(String.join("\n", lines)).doesNotContain("the-secret");
    }

    @Test
    void withoutStunItSaysSo() {
        assertThat(CallsModule.describeIceServers(config(List.of(), List.of(), "", 0), "http://localhost:8080/"))
                .containsExactly("Video, STUN:       none (calls.stun-port=0, calls.stun-urls empty)");
    }
}
