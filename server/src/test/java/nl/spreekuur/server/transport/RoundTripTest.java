package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.EnumSet;
import java.util.Set;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ProtoSamples;
import nl.spreekuur.server.testsupport.RecordingApplication;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every ClientMessage body and every ServerMessage body, completely filled, through both encodings over a real
 * socket. Iterates the oneof descriptors, so message types added to the schema are covered without editing this.
 */
class RoundTripTest {
    /** Requests the transport answers itself instead of handing them to the application. */
    private static final Set<ClientMessage.BodyCase> TRANSPORT_HANDLED =
            EnumSet.of(ClientMessage.BodyCase.HELLO, ClientMessage.BodyCase.PING, ClientMessage.BodyCase.LOGOUT);

    @AutoClose
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().start();
    }

    @BothEncodings
    void everyClientMessageBodyArrivesUnchanged(String subprotocol) throws Exception {
        RecordingApplication app = server.recording();
        try (TestWsClient ws = server.connectAnonymous(subprotocol)) {
            ClientSession session = app.nextAuthenticated();
            int covered = 0;
            for (FieldDescriptor body : ProtoSamples.oneofFields(ClientMessage.getDescriptor(), "body")) {
                String requestId = "rt-" + body.getName();
                ClientMessage sent = (ClientMessage) ProtoSamples.envelope(ClientMessage.newBuilder(), requestId,
                        body);
                ClientMessage.BodyCase bodyCase = sent.getBodyCase();
                if (bodyCase == ClientMessage.BodyCase.LOGOUT) {
                    continue; // ends the session; LogoutTest covers it
                }
                ws.send(sent);
                ServerMessage answer = ws.next();
                assertThat(answer.getRequestId()).isEqualTo(requestId);
                if (bodyCase == ClientMessage.BodyCase.PING) {
                    assertThat(answer.hasPong()).isTrue();
                } else if (bodyCase == ClientMessage.BodyCase.HELLO) {
                    assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                } else {
                    RecordingApplication.Received received = app.nextReceived();
                    assertThat(received.session()).isSameAs(session);
                    assertThat(received.message()).as(body.getName()).isEqualTo(sent);
                    assertThat(answer.hasAck()).isTrue();
                }
                covered++;
            }
            assertThat(covered).isEqualTo(ClientMessage.BodyCase.values().length - 2); // minus LOGOUT, BODY_NOT_SET
            assertThat(TRANSPORT_HANDLED).hasSize(3);
            assertThat(ws.violations()).isEmpty();
        }
    }

    @BothEncodings
    void everyServerMessageBodyArrivesUnchanged(String subprotocol) throws Exception {
        RecordingApplication app = server.recording();
        try (TestWsClient ws = server.connectAnonymous(subprotocol)) {
            ClientSession session = app.nextAuthenticated();
            int covered = 0;
            for (FieldDescriptor body : ProtoSamples.oneofFields(ServerMessage.getDescriptor(), "body")) {
                ServerMessage pushed = (ServerMessage) ProtoSamples.envelope(ServerMessage.newBuilder(),
                        "push-" + body.getName(), body);
                session.send(pushed);
                assertThat(ws.next()).as(body.getName()).isEqualTo(pushed);
                covered++;
            }
            assertThat(covered).isEqualTo(ServerMessage.BodyCase.values().length - 1);
            assertThat(ws.violations()).isEmpty();
        }
    }
}
