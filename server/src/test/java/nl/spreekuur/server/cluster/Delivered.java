package nl.spreekuur.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.testsupport.WsPeer;

/** The events of one conversation as one peer received them: each seq exactly the one after the previous. */
final class Delivered {
    private final WsPeer peer;
    private final String conversationId;
    private final List<ConversationEvent> events = new ArrayList<>();
    private long lastSeq;

    Delivered(WsPeer peer, String conversationId) {
        this.peer = peer;
        this.conversationId = conversationId;
    }

    ConversationEvent next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    ConversationEvent next(Duration timeout) throws InterruptedException {
        ConversationEvent event = peer.nextEvent(conversationId, timeout);
        assertThat(event.getSeq()).as("the next seq, once and in order (after %d)", lastSeq)
                .isEqualTo(lastSeq + 1);
        lastSeq = event.getSeq();
        events.add(event);
        return event;
    }

    void upTo(long seq) throws InterruptedException {
        upTo(seq, Duration.ofSeconds(10));
    }

    void upTo(long seq, Duration timeout) throws InterruptedException {
        while (lastSeq < seq) {
            next(timeout);
        }
    }

    List<ConversationEvent> events() {
        return List.copyOf(events);
    }

    List<String> texts() {
        return events.stream().filter(ConversationEvent::hasText).map(e -> e.getText().getText()).toList();
    }

    /** No further event of the conversation arrived (a duplicate would). */
    void assertNothingMore() {
        List<ServerMessage> extra = peer.unclaimed().stream()
                .filter(m -> m.hasEvent() && m.getEvent().getConversationId().equals(conversationId)).toList();
        assertThat(extra).as("events after seq %d", lastSeq).isEmpty();
    }
}
