package nl.spreekuur.server.durability;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.testsupport.WsPeer;

/**
 * The sender's side of the truth: every message it sent (client_msg_id and text, in sending order) and the seq of
 * every {@code MessageAck} it received. An acknowledged message is never sent again, so if the server lost it only
 * the stored history can show it; an unacknowledged one is sent again with the same id after every restart, as
 * docs/protocol.md tells a client to ("retry a message with the same client_msg_id, which stores it once").
 */
final class Ledger {
    private final String conversationId;
    private final Findings findings;
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, Long> acknowledged = new HashMap<>();
    private final boolean unavailableIsRetried;
    private int unavailable;

    Ledger(String conversationId, Findings findings) {
        this(conversationId, findings, false);
    }

    /**
     * @param unavailableIsRetried an {@code UNAVAILABLE} answer (nothing stored) is expected, e.g. during a store
     *                             compaction: the message is sent again after the restart, like any unacknowledged one
     */
    Ledger(String conversationId, Findings findings, boolean unavailableIsRetried) {
        this.conversationId = conversationId;
        this.findings = findings;
        this.unavailableIsRetried = unavailableIsRetried;
    }

    /** How many answers were UNAVAILABLE (only counted when they are expected). */
    int unavailable() {
        return unavailable;
    }

    int sent() {
        return texts.size();
    }

    int acknowledged() {
        return acknowledged.size();
    }

    /**
     * Sends {@code count} new messages at once and returns as soon as {@code waitFor} of them are answered; the
     * others are still in flight.
     */
    void pipeline(WsPeer client, int round, int count, int waitFor) throws InterruptedException {
        Set<String> requests = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format(Locale.ROOT, "r%02d-%04d", round, i);
            String text = "Bericht " + i + " van ronde " + round;
            texts.put(id, text);
            requests.add(client.sendWithoutWaiting(send(id, text)));
        }
        for (int answered = 0; answered < waitFor; answered++) {
            take(client.await("an answer to SendMessage", m -> requests.contains(m.getRequestId())));
        }
    }

    /** What arrived before the socket dropped: those acknowledgements were seen by the client, so they count. */
    void collect(List<ServerMessage> arrived) {
        arrived.stream().filter(m -> m.hasMessageAck() || m.hasError()).forEach(this::take);
    }

    /** Sends every message not acknowledged yet again, with its id and text, and waits for all answers. */
    int resend(WsPeer client) throws InterruptedException {
        List<String> open = texts.keySet().stream().filter(id -> !acknowledged.containsKey(id)).toList();
        Set<String> requests = new HashSet<>();
        for (String id : open) {
            requests.add(client.sendWithoutWaiting(send(id, texts.get(id))));
        }
        for (int answered = 0; answered < open.size(); answered++) {
            take(client.await("an answer to a resent SendMessage", m -> requests.contains(m.getRequestId())));
        }
        return open.size();
    }

    /**
     * Compares with the whole stored history: every acknowledged message exactly once, at the seq its
     * acknowledgement gave, with the text sent; no message twice; nothing stored that was never sent.
     */
    void check(List<ConversationEvent> history, String when) {
        Map<String, List<ConversationEvent>> stored = history.stream().filter(ConversationEvent::hasText)
                .collect(Collectors.groupingBy(ConversationEvent::getClientMsgId));
        Set<String> missing = new TreeSet<>();
        acknowledged.forEach((id, seq) -> {
            List<ConversationEvent> copies = stored.get(id);
            if (copies == null) {
                missing.add(id);
            } else if (copies.size() == 1 && (copies.get(0).getSeq() != seq
                    || !copies.get(0).getText().getText().equals(texts.get(id)))) {
                findings.problem(when + ": " + id + " was acknowledged at seq " + seq + " but is stored at seq "
                        + copies.get(0).getSeq() + (copies.get(0).getText().getText().equals(texts.get(id))
                        ? "" : " with another text"));
            }
        });
        Set<String> lost = findings.lost(missing);
        if (!lost.isEmpty()) {
            findings.problem(when + ": " + lost.size() + " acknowledged messages are not in the stored history ("
                    + Findings.some(lost) + "; acknowledged at seq " + range(lost) + ")");
        }
        Set<String> twice = stored.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> duplicated = findings.duplicated(twice);
        if (!duplicated.isEmpty()) {
            findings.problem(when + ": " + duplicated.size() + " messages are stored more than once ("
                    + Findings.some(duplicated) + ")");
        }
        Set<String> unknown = stored.keySet().stream().filter(id -> !texts.containsKey(id))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            findings.problem(when + ": messages stored that were never sent (" + Findings.some(unknown) + ")");
        }
    }

    private void take(ServerMessage answer) {
        if (unavailableIsRetried && answer.hasError()
                && answer.getError().getCode() == nl.spreekuur.protocol.v1.ErrorCode.UNAVAILABLE) {
            unavailable++;
            return;
        }
        if (!answer.hasMessageAck()) {
            findings.problem("SendMessage answered " + (answer.hasError()
                    ? answer.getError().getCode() + " \"" + answer.getError().getMessage() + "\""
                    : answer.getBodyCase().toString()));
            return;
        }
        MessageAck ack = answer.getMessageAck();
        Long before = acknowledged.putIfAbsent(ack.getClientMsgId(), ack.getSeq());
        if (before != null && before != ack.getSeq()) {
            findings.problem(ack.getClientMsgId() + " was acknowledged at seq " + before + " and again at seq "
                    + ack.getSeq());
        }
    }

    private ClientMessage.Builder send(String id, String text) {
        return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(conversationId)
                .setClientMsgId(id).setText(text));
    }

    /** The lowest and highest acknowledged seq of the messages. */
    private String range(Set<String> ids) {
        LongSummaryStatistics seqs = ids.stream().mapToLong(acknowledged::get).summaryStatistics();
        return seqs.getMin() == seqs.getMax() ? Long.toString(seqs.getMin()) : seqs.getMin() + ".." + seqs.getMax();
    }
}
