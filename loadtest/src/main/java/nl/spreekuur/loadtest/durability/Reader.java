package nl.spreekuur.loadtest.durability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;

/**
 * The professional's app: its copy of the conversation (events by seq), and the seq and epoch it resumes from. A
 * resume must continue exactly after that seq ({@code recovered: true}, and the copy must still be the stored
 * past) or say it cannot ({@code recovered: false}: the copy is dropped and the replay taken instead).
 */
final class Reader {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String conversationId;
    private final Tally tally;
    private final NavigableMap<Long, ConversationEvent> copy = new TreeMap<>();
    private final BlockingQueue<ConversationEvent> arrived = new LinkedBlockingQueue<>();
    private long lastSeq;
    private String epoch = "";

    Reader(String conversationId, Tally tally) {
        this.conversationId = conversationId;
        this.tally = tally;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** Takes this connection's conversation events from now on (after a restart: the new connection's). */
    void listen(Connection pro) {
        arrived.clear();
        pro.onPush(message -> {
            if (message.hasEvent() && message.getEvent().getConversationId().equals(conversationId)) {
                arrived.add(message.getEvent());
            }
        });
    }

    /** Resumes with the last seq processed and the epoch; returns whether the server said recovered. */
    boolean resume(Connection pro, String when) throws InterruptedException {
        long since = lastSeq;
        SubscribeResult result = subscribe(pro, since, epoch);
        tally.resumed(result.getRecovered());
        if (!result.getRecovered()) {
            copy.clear();
        }
        replay(result, result.getRecovered() ? since + 1 : result.getFirstSeq(), when)
                .forEach(event -> copy.put(event.getSeq(), event));
        lastSeq = result.getLastSeq();
        epoch = result.getEpoch();
        return result.getRecovered();
    }

    /**
     * The whole stored history (a fresh subscription from 0), compared with the copy (a difference after
     * "recovered" is a silent divergence) and then made the copy; the subscription stays for live events.
     */
    List<ConversationEvent> audit(Connection pro, String when) throws InterruptedException {
        SubscribeResult result = subscribe(pro, 0, "");
        List<ConversationEvent> history = replay(result, result.getFirstSeq(), when);
        Map<Long, ConversationEvent> stored = history.stream()
                .collect(Collectors.toMap(ConversationEvent::getSeq, Function.identity()));
        long differing = copy.entrySet().stream().filter(e -> !e.getValue().equals(stored.get(e.getKey()))).count();
        if (differing > 0) {
            tally.divergedOnce();
            tally.problem(when + ": told recovered=true, yet " + differing + " events of the copy differ from the"
                    + " stored history");
        }
        copy.clear();
        history.forEach(event -> copy.put(event.getSeq(), event));
        lastSeq = result.getLastSeq();
        epoch = result.getEpoch();
        return history;
    }

    /** The live events that arrived before the socket dropped; each must be the next seq. */
    void absorb(String when) {
        List<ConversationEvent> live = new ArrayList<>();
        arrived.drainTo(live);
        for (ConversationEvent event : live) {
            if (event.getSeq() != lastSeq + 1) {
                tally.problem(when + ": live event seq " + event.getSeq() + " after seq " + lastSeq);
                continue;
            }
            copy.put(event.getSeq(), event);
            lastSeq = event.getSeq();
        }
    }

    private SubscribeResult subscribe(Connection pro, long since, String withEpoch) throws InterruptedException {
        try {
            ServerMessage answer = pro.request(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder()
                    .setConversationId(conversationId).setSinceSeq(since).setEpoch(withEpoch)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!answer.hasSubscribeResult()) {
                throw new ProtocolException("SUBSCRIBE", "Subscribe answered " + answer.getBodyCase());
            }
            return answer.getSubscribeResult();
        } catch (ExecutionException | TimeoutException e) {
            throw new ProtocolException(ProtocolException.codeOf(e), "Subscribe was not answered");
        }
    }

    /** The replay: seq {@code from} up to last_seq, each once, in order. */
    private List<ConversationEvent> replay(SubscribeResult result, long from, String when)
            throws InterruptedException {
        List<ConversationEvent> events = new ArrayList<>();
        for (long seq = Math.max(1, from); from > 0 && seq <= result.getLastSeq(); seq++) {
            ConversationEvent event = arrived.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null || event.getSeq() != seq) {
                throw new ProtocolException("REPLAY", when + ": the replay gave " + (event == null ? "nothing"
                        : "seq " + event.getSeq()) + " where seq " + seq + " was due");
            }
            events.add(event);
        }
        return events;
    }
}
