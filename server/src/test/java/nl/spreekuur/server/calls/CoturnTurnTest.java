package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.IceServer;
import nl.spreekuur.protocol.v1.IceServers;
import nl.spreekuur.protocol.v1.RenewIceServers;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.config.CallsConfig;
import nl.spreekuur.server.testsupport.CoturnProcess;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestClock;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The TURN credentials Spreekuur hands out against a real coturn (Debian's {@code turnserver}, started on free
 * loopback ports with a test secret): an Allocate with fresh credentials is granted, one with expired credentials
 * or a wrong secret is refused; in a call with a short lifetime ({@code calls.turn-ttl-seconds=60}) the credentials
 * of the start have expired while those RenewIceServers hands out work. coturn judges expiry by the real clock, so
 * this test uses it too (the server's test clock is set from it).
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

    @Test
    void renewedCredentialsWorkWhereTheExpiredOnesOfTheStartAreRefused() throws Exception {
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        try (ServicesTestServer server = ServicesTestServer.start(Map.of(
                "calls.turn-urls", "turn:127.0.0.1:" + coturn.port() + "?transport=udp",
                "calls.turn-secret", SECRET,
                "calls.turn-ttl-seconds", "60"), b -> b.clock(new TestClock(now.minusSeconds(70))));
             OpenChat chat = OpenChat.open(server, TestWsClient.JSON, TestWsClient.PROTO)) {
            CallSession started = CallPeers.start(chat.pro(), chat.conversationId());
            IceServer atStart = started.getIceServers().getIceServers(0);
            assertThat(atStart.getUsername()).startsWith(now.minusSeconds(10).getEpochSecond() + ":");
            assertThat((int) allocate(atStart).getMessageType()).as("expired 10 s ago")
                    .isEqualTo((int) Message.ALLOCATE_ERROR_RESPONSE);

            server.clock().set(now);
            ServerMessage renewed = chat.pro().call(ClientMessage.newBuilder().setRenewIceServers(
                    RenewIceServers.newBuilder().setCallId(started.getCall().getCallId())));
            IceServer fresh = renewed.getIceServers().getIceServers(0);
            assertThat(fresh.getUsername()).isEqualTo(now.plusSeconds(60).getEpochSecond() + ":"
                    + started.getYourParticipantId());
            Message answer = allocate(fresh);
            assertThat((int) answer.getMessageType()).as("renewed: granted").isEqualTo((int) Message.ALLOCATE_RESPONSE);
            assertThat(answer.getAttribute(Attribute.XOR_RELAYED_ADDRESS)).isNotNull();
        }
    }
}
