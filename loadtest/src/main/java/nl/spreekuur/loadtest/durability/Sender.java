package nl.spreekuur.loadtest.durability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;

/**
 * The client's side of the truth: every message it sent (id and text) and the seq of every acknowledgement it
 * received. Acknowledged messages are never sent again; the others are sent again with the same client_msg_id
 * after each restart, which must store each of them once.
 */
final class Sender {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String conversationId;
    private final Tally tally;
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final List<CompletableFuture<ServerMessage>> inFlight = new ArrayList<>();

    Sender(String conversationId, Tally tally) {
        this.conversationId = conversationId;
        this.tally = tally;
    }

    int sent() {
        return texts.size();
    }

    int acknowledged() {
        return acknowledged.size();
    }

    /** Sends {@code count} new messages at once; returns when {@code waitFor} are answered, the rest in flight. */
    void pipeline(Connection client, int round, int count, int waitFor) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(waitFor);
        for (int i = 1; i <= count; i++) {
            String id = String.format(Locale.ROOT, "r%03d-%04d", round, i);
            String text = "Bericht " + i + " van ronde " + round;
            texts.put(id, text);
            inFlight.add(client.request(send(id, text)).whenComplete((answer, error) -> {
                if (answer != null) {
                    take(answer);
                }
                answered.countDown();
            }));
        }
        if (!answered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ProtocolException("TIMEOUT", waitFor + " acknowledgements did not come within " + TIMEOUT);
        }
    }

    /** After the kill: waits until every request in flight is answered or failed with the dropped socket. */
    void settle() throws InterruptedException {
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).handle((ok, error) -> ok)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProtocolException("TIMEOUT", "requests still open " + TIMEOUT + " after the kill");
        }
        inFlight.clear();
    }

    /** Sends every unacknowledged message again with its id and text and waits for all answers. */
    int resend(Connection client) throws InterruptedException {
        List<String> open = texts.keySet().stream().filter(id -> !acknowledged.containsKey(id)).toList();
        List<CompletableFuture<ServerMessage>> answers = new ArrayList<>();
        for (String id : open) {
            answers.add(client.request(send(id, texts.get(id))));
        }
        for (CompletableFuture<ServerMessage> answer : answers) {
            try {
                take(answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new ProtocolException(ProtocolException.codeOf(e), "a resent message was not answered");
            }
        }
        return open.size();
    }

    /** Every acknowledged message once, at its acknowledged seq, with its text; nothing twice; nothing unknown. */
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
                tally.problem(when + ": " + id + " acknowledged at seq " + seq + ", stored at seq "
                        + copies.get(0).getSeq());
            }
        });
        int lost = tally.lost(missing);
        if (lost > 0) {
            tally.problem(when + ": " + lost + " acknowledged messages are not stored");
        }
        Set<String> twice = stored.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        int duplicated = tally.duplicated(twice);
        if (duplicated > 0) {
            tally.problem(when + ": " + duplicated + " messages are stored more than once");
        }
        if (stored.keySet().stream().anyMatch(id -> !texts.containsKey(id))) {
            tally.problem(when + ": messages are stored that were never sent");
        }
    }

    private void take(ServerMessage answer) {
        if (!answer.hasMessageAck()) {
            tally.problem("SendMessage answered " + (answer.hasError() ? answer.getError().getCode().name()
                    : answer.getBodyCase().name()));
            return;
        }
        MessageAck ack = answer.getMessageAck();
        Long before = acknowledged.putIfAbsent(ack.getClientMsgId(), ack.getSeq());
        if (before != null && before != ack.getSeq()) {
            tally.problem(ack.getClientMsgId() + " acknowledged at seq " + before + " and at seq " + ack.getSeq());
        }
    }

    private ClientMessage.Builder send(String id, String text) {
        return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(conversationId)
                .setClientMsgId(id).setText(text));
    }
}
