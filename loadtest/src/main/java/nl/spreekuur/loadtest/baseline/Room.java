package nl.spreekuur.loadtest.baseline;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.spreekuur.protocol.v1.ConversationEvent;

/**
 * One conversation of the baseline: its subscribers and the last events in memory (no store), so that a resume
 * can be answered like Spreekuur answers it. All methods run under the room's lock.
 */
final class Room {
    static final int KEPT = 10_000;

    final String id;
    final String epoch = UUID.randomUUID().toString().substring(0, 16);
    private final Set<Channel> subscribers = new LinkedHashSet<>();
    private final ArrayDeque<ConversationEvent> kept = new ArrayDeque<>();
    private long lastSeq;

    Room(String id) {
        this.id = id;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized long firstSeq() {
        return kept.isEmpty() ? 0 : kept.peekFirst().getSeq();
    }

    /** Adds the event with the next seq and returns it with the subscribers to send it to. */
    synchronized Appended append(ConversationEvent.Builder event) {
        ConversationEvent stored = event.setConversationId(id).setSeq(++lastSeq).build();
        kept.addLast(stored);
        if (kept.size() > KEPT) {
            kept.removeFirst();
        }
        return new Appended(stored, new ArrayList<>(subscribers));
    }

    /** Subscribes and returns the events after {@code sinceSeq} still kept (the replay). */
    synchronized List<ConversationEvent> subscribe(Channel channel, long sinceSeq) {
        subscribers.add(channel);
        List<ConversationEvent> replay = new ArrayList<>();
        for (ConversationEvent event : kept) {
            if (event.getSeq() > sinceSeq) {
                replay.add(event);
            }
        }
        return replay;
    }

    synchronized void unsubscribe(Channel channel) {
        subscribers.remove(channel);
    }

    record Appended(ConversationEvent event, List<Channel> to) {
    }
}
