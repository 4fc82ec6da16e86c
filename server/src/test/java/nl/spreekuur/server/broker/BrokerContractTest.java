package nl.spreekuur.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every Broker implementation must do. Subclasses supply the implementation (memory, Redis). */
public abstract class BrokerContractTest {
    protected record Received(String channel, String payload) {
    }

    protected final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    protected Broker broker;

    /** A started broker delivering to the listener. */
    protected abstract Broker newBroker(BrokerListener listener);

    @BeforeEach
    void startBroker() {
        broker = newBroker((channel, payload) -> received.add(
                new Received(channel, new String(payload, StandardCharsets.UTF_8))));
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Test
    void deliversPublicationsOfSubscribedChannelsOnly() throws Exception {
        broker.subscribe("conv:a");
        broker.publish("conv:b", bytes("not subscribed"));
        broker.publish("conv:a", bytes("hello"));
        Received r = take();
        assertThat(r).isEqualTo(new Received("conv:a", "hello"));
    }

    /** The hub subscribes, then replays from the store: a publication right after subscribe returns must arrive. */
    @Test
    void subscriptionIsEffectiveOnReturn() throws Exception {
        for (int i = 0; i < 50; i++) {
            String channel = "conv:fresh-" + i;
            broker.subscribe(channel);
            broker.publish(channel, bytes("first " + i));
            assertThat(take()).isEqualTo(new Received(channel, "first " + i));
        }
    }

    @Test
    void keepsPublishOrderPerChannel() throws Exception {
        broker.subscribe("conv:order");
        for (int i = 0; i < 500; i++) {
            broker.publish("conv:order", bytes(Integer.toString(i)));
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            got.add(take().payload());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void stopsDeliveringAfterUnsubscribe() throws Exception {
        broker.subscribe("conv:x");
        broker.subscribe("conv:fence");
        broker.publish("conv:x", bytes("before"));
        assertThat(take().payload()).isEqualTo("before");
        broker.unsubscribe("conv:x");
        awaitUnsubscribed(broker, "conv:x");
        broker.publish("conv:x", bytes("after"));
        broker.publish("conv:fence", bytes("fence"));
        assertThat(take()).isEqualTo(new Received("conv:fence", "fence"));
    }

    @Test
    void carriesBinaryPayloadsUnchanged() throws Exception {
        BlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
        Broker binary = newBroker((channel, payload) -> raw.add(payload));
        try {
            binary.subscribe("conv:bin");
            byte[] payload = new byte[256];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            binary.publish("conv:bin", payload);
            assertThat(raw.poll(5, TimeUnit.SECONDS)).isEqualTo(payload);
        } finally {
            binary.close();
        }
    }

    @Test
    void isHealthyWhileRunning() {
        Awaitility.await().until(broker::isHealthy);
    }

    protected void awaitUnsubscribed(Broker broker, String channel) {
    }

    protected Received take() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("a publication within 5 s").isNotNull();
        return r;
    }

    /** Waits up to 10 s for the latch, for listeners held up on purpose (an interrupt ends the wait). */
    protected static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
