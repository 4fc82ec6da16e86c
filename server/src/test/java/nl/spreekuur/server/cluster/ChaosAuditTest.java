package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.auth.Tokens;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.store.Store;
import nl.spreekuur.server.store.StoreOpener;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.PostgresProcess;
import nl.spreekuur.server.testsupport.RedisProcess;
import nl.spreekuur.server.testsupport.ServerProcess;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's chaos audit: three nodes (separate JVMs) on one PostgreSQL and one Redis; {@value #DEFAULT_CLIENTS}
 * clients in conversations of {@value #PER_CONVERSATION}, each sending numbered messages (one at a time, sent again
 * with the same id until acknowledged); every 2 s a tenth of the connections is dropped; one node is killed with
 * SIGKILL and started again; Redis is restarted once. Afterwards every client must have every acknowledged message of
 * its conversation exactly once and in order, and every acknowledged message must be stored at the seq of its
 * acknowledgement. The test prints {@code acknowledged / delivered / missing / duplicated / out-of-order}.
 *
 * <p>The default run (about {@value #DEFAULT_SECONDS} s of traffic) fits CI; a longer one by hand:
 * {@code -Dspreekuur.chaos.seconds=300 -Dspreekuur.chaos.clients=400} (see docs/operations.md).
 */
class ChaosAuditTest {
    static final int DEFAULT_CLIENTS = 200;
    static final int DEFAULT_SECONDS = 30;
    static final int PER_CONVERSATION = 4;
    private static final int CLIENTS = Integer.getInteger("spreekuur.chaos.clients", DEFAULT_CLIENTS);
    private static final int SECONDS = Integer.getInteger("spreekuur.chaos.seconds", DEFAULT_SECONDS);

    @TempDir
    Path dir;

    private String database;
    private RedisProcess redis;
    private final List<ServerProcess> nodes = new CopyOnWriteArrayList<>();
    private int started;

    @Test
    void everyClientHasEveryAcknowledgedMessageExactlyOnceInOrderThroughDropsANodeKillAndARedisRestart()
            throws Exception {
        database = PostgresProcess.shared().newDatabase();
        redis = RedisProcess.start();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        List<ChaosClient> clients = new ArrayList<>();
        try {
            nodes.add(startNode());
            List<CompletableFuture<ServerProcess>> more = List.of(CompletableFuture.supplyAsync(this::startNode),
                    CompletableFuture.supplyAsync(this::startNode));
            for (CompletableFuture<ServerProcess> node : more) {
                nodes.add(node.join());
            }
            try (Store store = StoreOpener.open(new StoreSettings(database, PostgresProcess.shared().user(),
                    PostgresProcess.shared().password(), 2).withSharedByNodes(true), Clock.systemUTC())) {
                clients.addAll(participants(store, timers));
            }
            publishLiveNodes();
            clients.forEach(ChaosClient::start);

            Chaos chaos = new Chaos(clients, timers);
            chaos.run();

            clients.forEach(ChaosClient::stopSending);
            try {
                Awaitility.await("every client settled and caught up").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500)).until(() -> caughtUp(clients));
            } catch (ConditionTimeoutException e) {
                List<String> waiting = clients.stream().filter(c -> !c.settled()).map(ChaosClient::state).toList();
                throw new AssertionError("not caught up within 60 s; " + waiting.size() + " clients unsettled, e.g. "
                        + waiting.subList(0, Math.min(10, waiting.size())) + "; " + nodes.get(0).logTail(), e);
            }

            Audit audit;
            try (Store store = StoreOpener.open(new StoreSettings(database, PostgresProcess.shared().user(),
                    PostgresProcess.shared().password(), 2).withSharedByNodes(true), Clock.systemUTC())) {
                audit = new Audit(store, clients);
            }
            String report = "chaos audit (" + clients.size() + " clients, " + SECONDS + " s, " + chaos + "): "
                    + audit.figures();
            System.out.println(report);
            assertThat(audit.problems()).as(report).isEmpty();
            assertThat(audit.acknowledged).as("messages were acknowledged at all").isGreaterThan(clients.size());
        } finally {
            clients.forEach(ChaosClient::stop);
            timers.shutdownNow();
            nodes.forEach(ServerProcess::close);
            redis.close();
        }
    }

    /** Conversations of {@value #PER_CONVERSATION} anonymous participants each, made directly in the store. */
    private List<ChaosClient> participants(Store store, ScheduledExecutorService timers) {
        Instant now = Instant.now();
        Organisation org = store.organisations().create("chaos", "Chaos");
        List<ChaosClient> clients = new ArrayList<>();
        Conversation conversation = null;
        for (int i = 0; i < CLIENTS; i++) {
            if (i % PER_CONVERSATION == 0) {
                conversation = store.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null, now);
            }
            String token = Tokens.newToken();
            Sessions.Session session = store.sessions().create(Tokens.hash(token), Sessions.Kind.ANONYMOUS_CLIENT,
                    null, org.id(), now, now.plus(Duration.ofDays(1)));
            store.conversations().join(conversation.id(), session.id(), ParticipantRole.CLIENT, "Deelnemer " + i,
                    now);
            clients.add(new ChaosClient(i, token, conversation.id(), () -> live, timers));
        }
        return clients;
    }

    /** The nodes clients may connect to now. */
    private volatile List<URI> live = List.of();

    private void publishLiveNodes() {
        live = nodes.stream().map(ServerProcess::wsUri).toList();
    }

    private ServerProcess startNode() {
        int number;
        synchronized (this) {
            number = ++started;
        }
        ServerProcess node = ServerProcess.start(dir.resolve("node-" + number + ".log"), List.of("--bind", "127.0.0.1",
                "--port", "0", "--store-url", database, "--store-user", PostgresProcess.shared().user(),
                "--broker", "redis", "--redis-url", redis.url(), "--set", "shutdown.grace-seconds=2",
                "--set", "calls.stun-port=0", "--set", "limits.connections-per-address=100000",
                "--set", "store.pool-size=8", "--set", "redis.timeout-seconds=2"));
        return node;
    }

    private static boolean caughtUp(List<ChaosClient> clients) {
        Map<String, Long> newest = new HashMap<>();
        for (ChaosClient c : clients) {
            if (!c.settled()) {
                return false;
            }
            c.acknowledged().values().forEach(seq -> newest.merge(c.conversationId(), seq, Math::max));
        }
        return clients.stream().allMatch(c -> c.lastSeq() >= newest.getOrDefault(c.conversationId(), 0L));
    }

    /** Drops every 2 s; a node killed at a third of the run and started again; Redis restarted at two thirds. */
    private final class Chaos {
        private final List<ChaosClient> clients;
        private final ScheduledExecutorService timers;
        private volatile int drops;

        Chaos(List<ChaosClient> clients, ScheduledExecutorService timers) {
            this.clients = clients;
            this.timers = timers;
        }

        /** Runs the events on a thread of their own (a node start blocks it for seconds) and waits for the end. */
        void run() throws Exception {
            publishLiveNodes();
            ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
            var dropping = timers.scheduleAtFixedRate(this::dropSome, 2, 2, TimeUnit.SECONDS);
            try {
                CompletableFuture<Void> killedAndBack = new CompletableFuture<>();
                events.schedule(() -> {
                    try {
                        ServerProcess victim = nodes.get(2);
                        nodes.remove(victim);
                        publishLiveNodes();
                        victim.kill();
                        nodes.add(startNode());
                        publishLiveNodes();
                        killedAndBack.complete(null);
                    } catch (Throwable e) {
                        killedAndBack.completeExceptionally(e);
                    }
                }, SECONDS / 3, TimeUnit.SECONDS);
                var redisRestarted = events.schedule(() -> {
                    redis.restart();
                    return null;
                }, 2L * SECONDS / 3, TimeUnit.SECONDS);
                var end = events.schedule(() -> null, SECONDS, TimeUnit.SECONDS);
                killedAndBack.get(SECONDS + 120, TimeUnit.SECONDS);
                redisRestarted.get(SECONDS + 120, TimeUnit.SECONDS);
                end.get(SECONDS + 120, TimeUnit.SECONDS);
            } finally {
                dropping.cancel(false);
                events.shutdownNow();
            }
        }

        private void dropSome() {
            for (ChaosClient c : clients) {
                if (ThreadLocalRandom.current().nextInt(10) == 0) {
                    c.drop();
                    drops++;
                }
            }
        }

        @Override
        public String toString() {
            int connections = clients.stream().mapToInt(ChaosClient::connections).sum();
            return drops + " drops, 1 node SIGKILL + restart, 1 Redis restart, " + connections + " connections";
        }
    }

    /** What the clients got against what the store holds. */
    private static final class Audit {
        private final List<String> problems = new ArrayList<>();
        private int acknowledged;
        private long delivered;
        private long missing;
        private long duplicated;
        private long outOfOrder;

        Audit(Store store, List<ChaosClient> clients) {
            Map<String, Map<Long, String>> stored = new HashMap<>();
            for (ChaosClient c : clients) {
                stored.computeIfAbsent(c.conversationId(), id -> {
                    Map<Long, String> bySeq = new HashMap<>();
                    for (ConversationEvent e : store.conversations().eventsAfter(id, 0, 100_000)) {
                        bySeq.put(e.getSeq(), e.hasText() ? e.getText().getText() : "");
                    }
                    return bySeq;
                });
            }
            Map<String, Map<String, Long>> acked = new HashMap<>();
            for (ChaosClient c : clients) {
                problems.addAll(c.problems());
                Map<Long, String> bySeq = stored.get(c.conversationId());
                for (Map.Entry<String, Long> ack : c.acknowledged().entrySet()) {
                    acknowledged++;
                    acked.computeIfAbsent(c.conversationId(), id -> new HashMap<>()).put(ack.getKey(), ack.getValue());
                    if (!ack.getKey().equals(bySeq.get(ack.getValue()))) {
                        problems.add(ack.getKey() + " acknowledged at seq " + ack.getValue() + " but stored there: "
                                + bySeq.get(ack.getValue()));
                    }
                }
            }
            for (ChaosClient c : clients) {
                List<ChaosClient.Delivery> got = c.delivered();
                delivered += got.size();
                duplicated += c.duplicates();
                outOfOrder += c.outOfOrder();
                Map<String, Long> have = new HashMap<>();
                for (ChaosClient.Delivery d : got) {
                    if (have.put(d.text(), d.seq()) != null) {
                        duplicated++;
                    }
                }
                for (Map.Entry<String, Long> ack : acked.getOrDefault(c.conversationId(), Map.of()).entrySet()) {
                    Long seq = have.get(ack.getKey());
                    if (seq == null) {
                        missing++;
                        if (problems.size() < 20) {
                            problems.add("client in " + c.conversationId() + " lacks " + ack.getKey());
                        }
                    } else if (!seq.equals(ack.getValue())) {
                        problems.add(ack.getKey() + " delivered at seq " + seq + ", acknowledged at " + ack.getValue());
                    }
                }
            }
            if (duplicated > 0) {
                problems.add(duplicated + " duplicated deliveries");
            }
            if (outOfOrder > 0) {
                problems.add(outOfOrder + " deliveries out of order");
            }
        }

        List<String> problems() {
            return problems;
        }

        String figures() {
            return "acknowledged=" + acknowledged + " delivered=" + delivered + " missing=" + missing
                    + " duplicated=" + duplicated + " out-of-order=" + outOfOrder;
        }
    }
}
