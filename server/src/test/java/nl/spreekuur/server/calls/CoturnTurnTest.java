package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.spreekuur.protocol.v1.IceServer;
import nl.spreekuur.protocol.v1.IceServers;
import nl.spreekuur.server.config.CallsConfig;
import nl.spreekuur.server.testsupport.CoturnProcess;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The TURN credentials Spreekuur hands out against a real coturn (Debian's {@code turnserver}, started on free
 * loopback ports with a test secret): an Allocate with fresh credentials is granted, one with expired credentials
 * or a wrong secret is refused. coturn judges expiry by the real clock, so this test uses it too.
 */
class CoturnTurnTest {
    private static final String SECRET = "coturn-test-secret";

    @AutoClose
    private final CoturnProcess coturn = CoturnProcess.start(SECRET);

    private IceServer turn(String secret, Instant expiresAt) {
        CallsConfig config = new CallsConfig(6, Duration.ofSeconds(30), List.of(),
                List.of("turn:127.0.0.1:" + coturn.port() + "?transport=udp"), secret, Duration.ofMinutes(10), 0);
        IceServers servers = new IceServerCredentials(config, "http://localhost/", 0)
                .forParticipant("call-1", "participant-1", expiresAt);
        return servers.getIceServersList().stream().filter(s -> !s.getUsername().isEmpty()).findFirst()
                .orElseThrow();
    }

    private Message allocate(IceServer server) throws Exception {
        try (StunExchange client = new StunExchange(new InetSocketAddress("127.0.0.1", coturn.port()))) {
            return client.allocate(server.getUsername(), server.getCredential());
        }
    }

    @Test
    void freshCredentialsAllocateARelay() throws Exception {
        Instant expiry = Clock.systemUTC().instant().plusSeconds(600);
        IceServer server = turn(SECRET, expiry);
        assertThat(server.getUsername()).isEqualTo(expiry.getEpochSecond() + ":participant-1");
        Message answer = allocate(server);
        assertThat((int) answer.getMessageType()).as("Allocate success").isEqualTo((int) Message.ALLOCATE_RESPONSE);
        assertThat(answer.getAttribute(Attribute.XOR_RELAYED_ADDRESS)).isNotNull();
    }

    @Test
    void expiredCredentialsAndAWrongSecretAreRefused() throws Exception {
        Message expired = allocate(turn(SECRET, Clock.systemUTC().instant().minusSeconds(60)));
        assertThat((int) expired.getMessageType()).isEqualTo((int) Message.ALLOCATE_ERROR_RESPONSE);
        assertThat((int) ((ErrorCodeAttribute) expired.getAttribute(Attribute.ERROR_CODE)).getErrorCode())
                .isEqualTo(401);
        Message wrong = allocate(turn("another-secret", Clock.systemUTC().instant().plusSeconds(600)));
        assertThat((int) wrong.getMessageType()).isEqualTo((int) Message.ALLOCATE_ERROR_RESPONSE);
        assertThat((int) ((ErrorCodeAttribute) wrong.getAttribute(Attribute.ERROR_CODE)).getErrorCode())
                .isEqualTo(401);
    }
}
