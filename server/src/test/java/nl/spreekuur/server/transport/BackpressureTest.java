package nl.spreekuur.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Ping;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.testsupport.NonReadingWsClient;
import nl.spreekuur.server.testsupport.RecordingApplication;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.junit.jupiter.api.Test;

/**
 * End to end over real sockets: the server stops reading a connection instead of queueing its requests without
 * bound, per connection ({@code ws.max-in-flight}) and for the node ({@code app.max-in-flight}), keeps each
 * connection's order on the shared worker pool, and lets no slow request hold up another connection.
 */
class BackpressureTest {
    private static final long FAIL_AFTER_BYTES = 64L * 1024 * 1024;

    @Test
    void aClientThatFloodsAndNeverReadsIsNoLongerReadWhileOthersKeepWorking() throws Exception {
        try (TestServer server = flowServer().set("ws.max-in-flight", "4").set("app.max-in-flight", "8").start();
             TestWsClient other = server.connectAnonymous(TestWsClient.JSON);
             InFlightSampler sampler = new InFlightSampler(server.context().metrics())) {
            RecordingApplication app = server.recording();
            app.nextAuthenticated();
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> flooderId = new AtomicReference<>();
            AtomicInteger flooderRequestsSeen = new AtomicInteger();
            app.respondWith((session, request) -> {
                if (session.connectionId().equals(flooderId.get())) {
                    flooderRequestsSeen.incrementAndGet();
                    awaitUninterruptibly(release);
                }
                RecordingApplication.ack(session, request);
            });

            try (NonReadingWsClient flooder = NonReadingWsClient.connect(server.port(),
                    server.anonymousToken(server.organisation("demo")).token())) {
                flooderId.set(app.nextAuthenticated().connectionId());
                AtomicInteger sent = new AtomicInteger();
                Supplier<ClientMessage> requests = () -> sendMessage("f" + sent.incrementAndGet(), 4000);

                // The socket takes nothing more: the server stopped reading (a reading server would have taken
                // more than FAIL_AFTER_BYTES, queueing them).
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> flooder.writeUntilFull(requests, FAIL_AFTER_BYTES));
                MeterRegistry metrics = server.context().metrics();
                await().until(() -> gauge(metrics, "spreekuur.requests.in.flight") == 4);
                assertThat(metrics.get("spreekuur.connections.paused").tag("reason", "connection").gauge().value())
                        .isEqualTo(1);
                assertThat(sent.get()).as("requests the client got into its socket").isGreaterThan(100);

                // Everybody else is served while the flooder's requests wait.
                other.send(ClientMessage.newBuilder().setRequestId("p").setPing(Ping.getDefaultInstance()).build());
                assertThat(other.next().hasPong()).isTrue();
                other.send(sendMessage("m", 10));
                ServerMessage answer = other.next();
                assertThat(answer.getRequestId()).isEqualTo("m");
                assertThat(answer.hasAck()).isTrue();

                // Once its requests finish, the server reads the flooder again.
                release.countDown();
                await().atMost(Duration.ofSeconds(20)).until(() -> flooderRequestsSeen.get() > 4);
            }
            assertThat(sampler.highest()).as("requests in flight, sampled throughout").isLessThanOrEqualTo(8);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAcrossPausesOfReading() throws Exception {
        try (TestServer server = flowServer().set("ws.max-in-flight", "3").start();
             TestWsClient ws = server.connectAnonymous(TestWsClient.PROTO)) {
            MeterRegistry metrics = server.context().metrics();
            CountDownLatch paused = new CountDownLatch(1);
            server.recording().respondWith((session, request) -> {
                if (request.getRequestId().equals("r1")) {
                    awaitUninterruptibly(paused);
                }
                RecordingApplication.ack(session, request);
            });
            int count = 300;
            for (int i = 0; i < count; i++) {
                ws.send(i % 3 == 0
                        ? ClientMessage.newBuilder().setRequestId("r" + i).setPing(Ping.getDefaultInstance()).build()
                        : sendMessage("r" + i, 200));
            }
            // r1 holds the connection until the server has stopped reading it
            await().until(() -> gauge(metrics, "spreekuur.connections.paused", "connection") == 1);
            paused.countDown();

            List<String> answered = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                answered.add(ws.next().getRequestId());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add("r" + i);
            }
            assertThat(answered).containsExactlyElementsOf(expected);
            assertThat(metrics.get("spreekuur.read.pauses").tag("reason", "connection").counter().count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aSlowRequestOnOneConnectionDoesNotHoldUpAnotherOne() throws Exception {
        // Two workers: with one pinned thread per connection, every second connection shared the slow one's thread.
        try (TestServer server = flowServer().set("app.threads", "2").start();
             TestWsClient slow = server.connectAnonymous(TestWsClient.PROTO);
             TestWsClient first = server.connectAnonymous(TestWsClient.PROTO);
             TestWsClient second = server.connectAnonymous(TestWsClient.JSON);
             TestWsClient third = server.connectAnonymous(TestWsClient.PROTO)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch slowStarted = new CountDownLatch(1);
            server.recording().respondWith((session, request) -> {
                if (request.getRequestId().equals("slow")) {
                    slowStarted.countDown();
                    awaitUninterruptibly(release);
                }
                RecordingApplication.ack(session, request);
            });
            slow.send(sendMessage("slow", 10));
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

            for (TestWsClient ws : List.of(first, second, third)) {
                ws.send(sendMessage("quick", 10));
                ServerMessage answer = ws.next();
                assertThat(answer.getRequestId()).isEqualTo("quick");
                assertThat(answer.hasAck()).isTrue();
            }
            // The slow connection's own next request waits behind its first: order per connection.
            slow.send(sendMessage("after", 10));
            release.countDown();
            assertThat(slow.next().getRequestId()).isEqualTo("slow");
            assertThat(slow.next().getRequestId()).isEqualTo("after");
        }
    }

    @Test
    void theNodeBoundPausesReadingAndHandsFreedPermitsOnInTurn() throws Exception {
        try (TestServer server = flowServer().set("app.max-in-flight", "2").start();
             TestWsClient a = server.connectAnonymous(TestWsClient.PROTO);
             TestWsClient b = server.connectAnonymous(TestWsClient.PROTO);
             TestWsClient c = server.connectAnonymous(TestWsClient.JSON)) {
            MeterRegistry metrics = server.context().metrics();
            CountDownLatch releaseA = new CountDownLatch(1);
            CountDownLatch releaseB = new CountDownLatch(1);
            server.recording().respondWith((session, request) -> {
                switch (request.getRequestId()) {
                    case "a" -> awaitUninterruptibly(releaseA);
                    case "b" -> awaitUninterruptibly(releaseB);
                    default -> { }
                }
                RecordingApplication.ack(session, request);
            });
            // A Hello's permit comes back just after its HelloOk went out.
            await().until(() -> gauge(metrics, "spreekuur.requests.in.flight") == 0);
            a.send(sendMessage("a", 10));
            b.send(sendMessage("b", 10));
            await().until(() -> gauge(metrics, "spreekuur.requests.in.flight") == 2);

            c.send(sendMessage("c", 10));
            await().until(() -> gauge(metrics, "spreekuur.connections.paused", "node") == 1);
            assertThat(c.drain()).as("c's request waits unanswered").isEmpty();
            assertThat(gauge(metrics, "spreekuur.requests.in.flight")).isEqualTo(2);

            releaseA.countDown();
            assertThat(a.next().getRequestId()).isEqualTo("a");
            ServerMessage answer = c.next();
            assertThat(answer.getRequestId()).isEqualTo("c");
            assertThat(answer.hasAck()).isTrue();
            assertThat(gauge(metrics, "spreekuur.connections.paused", "node")).isZero();

            releaseB.countDown();
            assertThat(b.next().getRequestId()).isEqualTo("b");
            await().until(() -> gauge(metrics, "spreekuur.requests.in.flight") == 0);
            assertThat(metrics.get("spreekuur.read.pauses").tag("reason", "node").counter().count()).isEqualTo(1);
        }
    }

    private static TestServer.Builder flowServer() {
        return TestServer.builder().set("rate.messages-per-second", "1000000").set("rate.burst", "1000000");
    }

    private static ClientMessage sendMessage(String requestId, int textLength) {
        return ClientMessage.newBuilder().setRequestId(requestId).setSendMessage(SendMessage.newBuilder()
                .setConversationId("c1").setClientMsgId(requestId).setText("x".repeat(textLength))).build();
    }

    private static double gauge(MeterRegistry metrics, String name) {
        return metrics.get(name).gauge().value();
    }

    private static double gauge(MeterRegistry metrics, String name, String reason) {
        return metrics.get(name).tag("reason", reason).gauge().value();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Samples the node's in-flight gauge every millisecond and keeps the highest value seen. */
    private static final class InFlightSampler implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger highest = new AtomicInteger();

        InFlightSampler(MeterRegistry metrics) {
            timer.scheduleAtFixedRate(() -> highest.accumulateAndGet(
                    (int) gauge(metrics, "spreekuur.requests.in.flight"), Math::max), 0, 1, TimeUnit.MILLISECONDS);
        }

        int highest() {
            return highest.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
