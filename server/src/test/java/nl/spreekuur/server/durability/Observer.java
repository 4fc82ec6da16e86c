package nl.spreekuur.server.durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.testsupport.WsPeer;

/**
 * The other participant's app: the events it has processed (by seq), and the position and epoch it resumes from
 * after a reconnect, as docs/protocol.md section 6 tells a client to. A resume must either continue exactly after
 * that position ({@code recovered: true}) or say that it cannot ({@code recovered: false}: drop the copy, reload);
 * {@code recovered: true} over a past that is no longer the server's is the silent divergence this test looks for.
 */
final class Observer {
    private final String conversationId;
    private final Findings findings;
    private final NavigableMap<Long, ConversationEvent> view = new TreeMap<>();
    private long lastSeq;
    private String epoch = "";

    Observer(String conversationId, Findings findings) {
        this.conversationId = conversationId;
        this.findings = findings;
    }

    long lastSeq() {
        return lastSeq;
    }

    /**
     * Subscribes from scratch (since 0, no epoch) and takes the whole retained history: the stored truth right now.
     * First compares it with this app's copy (any difference after a resume that said {@code recovered: true} is
     * a silent divergence: the app shows a past the server no longer has), then makes it the copy; the
     * subscription stays for live events.
     */
    List<ConversationEvent> audit(WsPeer pro, String when) throws InterruptedException {
        SubscribeResult result = pro.subscribe(conversationId, 0, "");
        List<ConversationEvent> history = replay(pro, result, result.getFirstSeq(), when);
        compare(history, when);
        view.clear();
        history.forEach(event -> view.put(event.getSeq(), event));
        lastSeq = result.getLastSeq();
        epoch = result.getEpoch();
        return history;
    }

    /** Live events that arrived before the socket dropped; each must be the next seq. */
    void absorb(List<ServerMessage> arrived, String when) {
        for (ServerMessage message : arrived) {
            if (!message.hasEvent() || !message.getEvent().getConversationId().equals(conversationId)) {
                continue;
            }
            ConversationEvent event = message.getEvent();
            if (event.getSeq() != lastSeq + 1) {
                findings.problem(when + ": live event seq " + event.getSeq() + " arrived after seq " + lastSeq);
                continue;
            }
            view.put(event.getSeq(), event);
            lastSeq = event.getSeq();
        }
    }

    /**
     * Resumes on a new connection with the last seq processed and the epoch, consumes the replay and checks it:
     * recovered, every event after the position exactly once and in order; not recovered, the copy is dropped and
     * the replay from first_seq taken instead. Returns a line for the report.
     */
    String resume(WsPeer pro, String when) throws InterruptedException {
        long since = lastSeq;
        SubscribeResult result = pro.subscribe(conversationId, since, epoch);
        findings.resumed(result.getRecovered());
        List<ConversationEvent> replayed;
        if (result.getRecovered()) {
            replayed = replay(pro, result, since + 1, when);
        } else {
            view.clear();
            replayed = replay(pro, result, result.getFirstSeq(), when);
        }
        replayed.forEach(event -> view.put(event.getSeq(), event));
        lastSeq = result.getLastSeq();
        String epochChange = result.getEpoch().equals(epoch) ? "same epoch" : "new epoch";
        epoch = result.getEpoch();
        return "resumed at seq " + since + " -> recovered=" + result.getRecovered() + ", " + epochChange
                + ", last_seq " + result.getLastSeq();
    }

    private void compare(List<ConversationEvent> history, String when) {
        Map<Long, ConversationEvent> stored = history.stream()
                .collect(Collectors.toMap(ConversationEvent::getSeq, Function.identity()));
        List<Long> differing = view.entrySet().stream()
                .filter(e -> !e.getValue().equals(stored.get(e.getKey()))).map(Map.Entry::getKey).toList();
        if (!differing.isEmpty()) {
            findings.diverged();
            findings.problem(when + ": the resumed app holds " + differing.size() + " events that differ from the"
                    + " stored history (seq " + differing.get(0) + ".." + differing.get(differing.size() - 1)
                    + "), yet it was not told recovered=false");
        }
    }

    /** The replay after a SubscribeResult: seq {@code from} up to last_seq, each once, in order. */
    private List<ConversationEvent> replay(WsPeer pro, SubscribeResult result, long from, String when)
            throws InterruptedException {
        List<ConversationEvent> events = new ArrayList<>();
        for (long seq = Math.max(1, from); from > 0 && seq <= result.getLastSeq(); seq++) {
            ConversationEvent event;
            try {
                event = pro.nextEvent(conversationId);
            } catch (AssertionError timeout) {
                throw new AssertionError(when + ": replay stalled before seq " + seq + " of " + result.getFirstSeq()
                        + ".." + result.getLastSeq() + " (" + events.size() + " replayed)", timeout);
            }
            if (event.getSeq() != seq) {
                throw new AssertionError(when + ": the replay gave seq " + event.getSeq() + " where seq " + seq
                        + " was due (" + result + ")");
            }
            events.add(event);
        }
        return events;
    }
}
