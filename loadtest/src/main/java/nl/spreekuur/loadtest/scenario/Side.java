package nl.spreekuur.loadtest.scenario;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.client.MicroClock;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.Stats;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;

/**
 * One participant's view of one conversation: it sends timestamped messages, checks every delivered event for
 * gaps and duplicates by {@code seq}, and measures send → acknowledged (its own messages) and send → delivered
 * (the peer's messages, from the timestamp in the text).
 */
final class Side {
    /** Per direction: acknowledged but not yet delivered to the peer (TRUE) or delivered before the ack (FALSE). */
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final Stats stats;
    private final String prefix;
    private final String conversationId;
    private volatile Connection connection;
    private volatile Side peer;
    private volatile long lastSeq;
    private volatile String epoch = "";
    private final java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean ended;
    private volatile boolean stopped;

    Side(Stats stats, String prefix, String conversationId) {
        this.stats = stats;
        this.prefix = prefix;
        this.conversationId = conversationId;
    }

    static void pair(Side a, Side b) {
        a.peer = b;
        b.peer = a;
    }

    String conversationId() {
        return conversationId;
    }

    Connection connection() {
        return connection;
    }

    long lastSeq() {
        return lastSeq;
    }

    boolean ended() {
        return ended;
    }

    /** Subscribes on the connection (first time: from 0; again: resuming from the last seq seen). */
    java.util.concurrent.CompletableFuture<SubscribeResult> subscribe(Connection on, Router router) {
        this.connection = on;
        router.add(this);
        Subscribe.Builder subscribe = Subscribe.newBuilder().setConversationId(conversationId).setSinceSeq(lastSeq)
                .setEpoch(epoch);
        return on.request(ClientMessage.newBuilder().setSubscribe(subscribe)).thenApply(answer -> {
            if (!answer.hasSubscribeResult()) {
                throw new ProtocolException(errorCode(answer), "subscribe answered " + answer.getBodyCase());
            }
            SubscribeResult result = answer.getSubscribeResult();
            if (!epoch.isEmpty() && !result.getRecovered()) {
                stats.count(Stats.NOT_RECOVERED);
                stats.error("NOT_RECOVERED");
            }
            epoch = result.getEpoch();
            return result;
        });
    }

    /** Sends one timestamped message; the ack (or error) is recorded when it comes. */
    void send() {
        Connection on = connection;
        if (on == null || ended || stopped) {
            return;
        }
        unanswered.incrementAndGet();
        String id = prefix + counter.incrementAndGet();
        long sentAt = MicroClock.nowMicros();
        stats.count(Stats.SENT);
        on.request(ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                .setConversationId(conversationId).setClientMsgId(id).setText("lt " + sentAt)))
                .whenComplete((answer, error) -> {
                    unanswered.decrementAndGet();
                    if (error != null) {
                        stats.count(Stats.UNACKED);
                        stats.error("NO_ACK_" + ProtocolException.codeOf(error));
                    } else if (answer.hasMessageAck()) {
                        stats.count(Stats.ACKED);
                        stats.record(Snapshot.ACK, MicroClock.nowMicros() - sentAt);
                        // atomically: the delivery may have come first (FALSE), then both are done
                        inFlight.compute(id, (key, seen) -> seen == Boolean.FALSE ? null : Boolean.TRUE);
                    } else {
                        stats.count(Stats.UNACKED);
                        stats.error(errorCode(answer));
                    }
                });
    }

    /** A delivered event of this conversation (replay or live). */
    void onEvent(ConversationEvent event) {
        long seq = event.getSeq();
        if (seq <= lastSeq) {
            stats.count(Stats.DUPLICATES);
            stats.error("DUPLICATE");
            return;
        }
        if (seq > lastSeq + 1) {
            stats.add(Stats.GAPS, seq - lastSeq - 1);
            stats.error("GAP");
        }
        lastSeq = seq;
        if (event.hasEnded()) {
            ended = true;
        }
        Side from = peer;
        if (event.hasText() && from != null && event.getClientMsgId().startsWith(from.prefix)) {
            stats.count(Stats.DELIVERED);
            String text = event.getText().getText();
            if (text.startsWith("lt ")) {
                stats.record(Snapshot.DELIVERY, MicroClock.nowMicros() - Long.parseLong(text.substring(3)));
            }
            String id = event.getClientMsgId();
            from.inFlight.compute(id, (key, acked) -> acked == Boolean.TRUE ? null : Boolean.FALSE);
        }
    }

    /** Messages this side had acknowledged that the peer never received; counted once at the end. */
    long lost() {
        return inFlight.values().stream().filter(Boolean::booleanValue).count();
    }

    /** Sends nothing more (the end of a run). */
    void stop() {
        stopped = true;
    }

    /** Sends not yet answered plus messages not both acknowledged and delivered; 0 once settled. */
    long outstanding() {
        return unanswered.get() + inFlight.size();
    }

    static String errorCode(ServerMessage answer) {
        return answer.hasError() ? answer.getError().getCode().name() : "UNEXPECTED_" + answer.getBodyCase();
    }
}
