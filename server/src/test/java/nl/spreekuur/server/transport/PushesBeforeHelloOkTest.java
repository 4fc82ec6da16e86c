package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.Application;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;

/**
 * HelloOk is the first thing a client receives, even when the application pushes to the session while it is still
 * accepting it (as office hours do for a reconnecting client's queue place): such pushes follow HelloOk, in order.
 */
class PushesBeforeHelloOkTest {

    /** Pushes two queue statuses from inside onAuthenticated, the earliest moment a push can happen. */
    private static final class EagerPusher implements Application {
        @Override
        public HelloOk onAuthenticated(ClientSession session) {
            session.send(push("first"));
            session.send(push("second"));
            return HelloOk.getDefaultInstance();
        }

        @Override
        public void onMessage(ClientSession session, ClientMessage message) {
        }

        @Override
        public void onDisconnected(ClientSession session) {
        }

        private static ServerMessage push(String entryId) {
            return ServerMessage.newBuilder().setQueueStatus(QueueStatus.newBuilder().setQueueEntryId(entryId)
                    .setState(QueueState.WAITING)).build();
        }
    }

    @BothEncodings
    void pushesMadeWhileAcceptingFollowTheHelloOk(String encoding) throws Exception {
        try (TestServer server = TestServer.builder().application(context -> new EagerPusher()).start();
             TestWsClient ws = TestWsClient.connect(server.wsUri(), encoding)) {
            ws.send(ClientMessage.newBuilder().setRequestId("h").setHello(Hello.newBuilder()
                    .setToken(server.anonymousToken(server.organisation("demo")).token())).build());
            ServerMessage first = ws.next();
            assertThat(first.hasHelloOk()).as("first message: %s", first).isTrue();
            assertThat(first.getRequestId()).isEqualTo("h");
            assertThat(ws.next().getQueueStatus().getQueueEntryId()).isEqualTo("first");
            assertThat(ws.next().getQueueStatus().getQueueEntryId()).isEqualTo("second");
        }
    }
}
