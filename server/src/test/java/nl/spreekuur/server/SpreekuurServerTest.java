package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.broker.BrokerListener;
import nl.spreekuur.server.config.ServerConfig;
import nl.spreekuur.server.testsupport.RedisProcess;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.session.SessionRevocations;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SpreekuurServerTest {

    @Test
    void servicesRegisterTheirBrokerListenerThroughTheContext() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            var broker = server.context().broker();
            broker.start((BrokerListener) (channel, payload) ->
                    received.add(channel + "=" + new String(payload, StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> broker.start((channel, payload) -> { }))
                    .isInstanceOf(IllegalStateException.class);

            broker.subscribe("conv:1");
            broker.publish("conv:1", "hello".getBytes(StandardCharsets.UTF_8));
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:1=hello");

            // the control channel stays subscribed for the session revocations and never reaches the services
            // (one delivery thread: what is published after it arrives after it)
            broker.unsubscribe(SessionRevocations.CONTROL_CHANNEL);
            broker.publish(SessionRevocations.CONTROL_CHANNEL, "note".getBytes(StandardCharsets.UTF_8));
            broker.publish("conv:1", "after".getBytes(StandardCharsets.UTF_8));
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("conv:1=after");

            // services cannot close the server's broker
            broker.close();
            assertThat(broker.isHealthy()).isTrue();
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.http("/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void bindsAFreePortAndStopsIdempotently() {
        try (TestServer server = TestServer.builder().start()) {
            assertThat(server.port()).isPositive();
            assertThat(server.server().start()).isEqualTo(server.port());
            assertThat(server.server().publicUrl()).isEqualTo("http://localhost:" + server.port() + "/");
            server.server().stop();
            server.server().stop();
        }
    }

    @Test
    void withRedisUnreachableStartFailsCleanlyNamingIt() {
        SpreekuurServer server = SpreekuurServer.builder(ServerConfig.fromValues(Map.of(
                        "port", "0", "bind", "127.0.0.1", "broker", "redis",
                        "redis.url", "redis://:secret@127.0.0.1:1", "redis.connect-timeout-seconds", "1")))
                .storeOpener((config, clock) -> nl.spreekuur.server.store.StoreOpener.open(
                        nl.spreekuur.server.store.StoreSettings.inMemory("redis-" + System.nanoTime()), clock))
                .build();
        assertThatThrownBy(server::start).hasMessageContaining("broker=redis")
                .hasMessageContaining("redis://***@127.0.0.1:1").hasMessageNotContaining("secret");
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void startsWithTheRedisBrokerAndIsReadyWhileRedisIsUp() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestServer server = TestServer.builder().set("broker", "redis").set("redis.url", redis.url())
                     .set("redis.timeout-seconds", "1").start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest readyz = HttpRequest.newBuilder(server.http("/readyz")).build();
            assertThat(http.send(readyz, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(server.context().presenceManager())
                    .isInstanceOf(nl.spreekuur.server.presence.RedisPresenceManager.class);

            redis.kill();
            Awaitility.await().untilAsserted(() -> {
                HttpResponse<String> answer = http.send(readyz, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.body()).contains("broker");
            });
            redis.relaunch();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    http.send(readyz, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            String metrics = http.send(HttpRequest.newBuilder(server.http("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("spreekuur_broker_reconnects_total", "spreekuur_broker_published_total",
                    "spreekuur_broker_received_total", "spreekuur_broker_subscriptions",
                    "spreekuur_broker_resyncs_total");
        }
    }
}
