package nl.spreekuur.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nl.spreekuur.protocol.v1.Pong;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.broker.Broker;
import nl.spreekuur.server.broker.BrokerListener;
import nl.spreekuur.server.testsupport.RecordingSession;
import nl.spreekuur.server.testsupport.ServiceFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub's other homes for fan-out: projections of recomputed state, and pushes to one connection. */
class ProjectionAndAddressingTest {
    private final ServiceFixture fx = ServiceFixture.start();
    private final ExecutorService refreshes = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        refreshes.shutdownNow();
        fx.close();
    }

    @Test
    void aChangeRefreshesEveryWatcherOfTheKeyOnceAndOnlyThem() throws Exception {
        BlockingQueue<String> refreshed = new LinkedBlockingQueue<>();
        Projection<String> projection = fx.hub().projection("test:", refreshes,
                (key, watchers) -> refreshed.add(key + "=" + watchers.stream().sorted().toList()));
        projection.add("a", "w1");
        projection.add("a", "w2");
        projection.add("b", "w3");

        projection.changed("a");
        assertThat(refreshed.poll(5, TimeUnit.SECONDS)).isEqualTo("a=[w1, w2]");
        projection.remove("a", "w1");
        projection.changed("a");
        assertThat(refreshed.poll(5, TimeUnit.SECONDS)).isEqualTo("a=[w2]");
        assertThat(refreshed).as("b was not changed").isEmpty();
    }

    @Test
    void noticesArrivingWhileARefreshIsPendingAreCoalesced() throws Exception {
        CountDownLatch blockExecutor = new CountDownLatch(1);
        refreshes.execute(() -> {
            try {
                blockExecutor.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicInteger runs = new AtomicInteger();
        Projection<String> projection = fx.hub().projection("test:", refreshes, (key, w) -> runs.incrementAndGet());
        projection.add("k", "w");
        for (int i = 0; i < 20; i++) {
            projection.schedule("k");
        }
        blockExecutor.countDown();
        await().atMost(5, TimeUnit.SECONDS).until(() -> runs.get() == 1);
        projection.schedule("k");
        await().atMost(5, TimeUnit.SECONDS).until(() -> runs.get() == 2);
    }

    @Test
    void brokerInterestIsHeldWhileAKeyHasWatchers() {
        RecordingBroker broker = new RecordingBroker();
        Hub hub = new Hub("node-1", broker, new LocalSessions(), fx.store().conversations(), refreshes);
        hub.start();
        Projection<String> projection = hub.projection("test:", refreshes, (key, w) -> { });
        projection.add("k", "w1");
        projection.add("k", "w2");
        assertThat(broker.subscribed).contains("test:k", "node:node-1");
        projection.remove("k", "w1");
        assertThat(broker.subscribed).contains("test:k");
        projection.remove("k", "w2");
        assertThat(broker.subscribed).doesNotContain("test:k");
        assertThat(projection.watchers("k")).isEmpty();
    }

    @Test
    void capabilitiesCannotTakeTheSessionLayersChannelsOrEachOthers() {
        Hub hub = fx.hub();
        for (String reserved : List.of("conv:", "principal:", "node:", "control", "con", "")) {
            assertThatThrownBy(() -> hub.route(reserved, (c, p) -> { }))
                    .as(reserved).isInstanceOf(IllegalArgumentException.class);
        }
        hub.route("room:", (c, p) -> { });
        assertThatThrownBy(() -> hub.route("room:", (c, p) -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.route("room:list:", (c, p) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPushToOneConnectionReachesThatDeviceOnlyNotThePersonsOtherTabs() {
        RecordingSession phone = RecordingSession.client(fx.organisation("addr"));
        RecordingSession laptop = phone.secondConnection();
        for (RecordingSession s : List.of(phone, laptop)) {
            fx.hub().sessions().add(s);
            fx.hub().connectionOpened(s);
        }

        ConnectionAddress address = fx.hub().addressOf(laptop);
        assertThat(address).isEqualTo(new ConnectionAddress(fx.hub().nodeId(), laptop.connectionId()));
        fx.hub().pushToConnection(address, pong("for the laptop"));

        assertThat(laptop.next(ServerMessage::hasPong).getRequestId()).isEqualTo("for the laptop");
        fx.hub().pushToPrincipal(phone.principal().id(), pong("for both"));
        assertThat(phone.next(ServerMessage::hasPong).getRequestId()).as("the phone got nothing before")
                .isEqualTo("for both");
    }

    @Test
    void aPushToAConnectionOfAnotherNodeGoesToThatNodesChannel() {
        RecordingBroker broker = new RecordingBroker();
        Hub hub = new Hub("node-1", broker, new LocalSessions(), fx.store().conversations(), refreshes);
        hub.start();
        hub.pushToConnection(new ConnectionAddress("node-2", "conn-9"), pong("x"));
        assertThat(broker.published).singleElement().satisfies(p -> {
            assertThat(p.channel()).isEqualTo("node:node-2");
            ConnectionDelivery delivery = ConnectionDelivery.decode(p.payload());
            assertThat(delivery.connectionId()).isEqualTo("conn-9");
        });
    }

    @Test
    void aConnectionDeliveryRoundTripsAndBrokenPayloadsAreRefused() {
        ConnectionDelivery delivery = new ConnectionDelivery("verbinding-é", new byte[] {1, 2, 3});
        ConnectionDelivery back = ConnectionDelivery.decode(delivery.encode());
        assertThat(back.connectionId()).isEqualTo("verbinding-é");
        assertThat(back.message()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> ConnectionDelivery.decode(new byte[] {0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionDelivery.decode(new byte[] {0, 9, 'a'}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ServerMessage pong(String requestId) {
        return ServerMessage.newBuilder().setRequestId(requestId).setPong(Pong.getDefaultInstance()).build();
    }

    /** Records what a hub asks of its broker. */
    private static final class RecordingBroker implements Broker {
        record Published(String channel, byte[] payload) {
        }

        final Set<String> subscribed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<Published> published = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void start(BrokerListener listener) {
        }

        @Override
        public void publish(String channel, byte[] payload) {
            published.add(new Published(channel, payload));
        }

        @Override
        public void subscribe(String channel) {
            subscribed.add(channel);
        }

        @Override
        public void unsubscribe(String channel) {
            subscribed.remove(channel);
        }

        @Override
        public boolean isHealthy() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
