package nl.spreekuur.loadtest.scenario;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.spreekuur.loadtest.stats.Stats;
import nl.spreekuur.protocol.v1.ServerMessage;

/**
 * The push handler of one connection: conversation events go to the {@link Side} of their conversation, pushed
 * errors are counted; queue, presence, typing and receipt pushes are not measured.
 */
final class Router {
    private final Map<String, Side> sides = new ConcurrentHashMap<>();
    private final Stats stats;

    Router(Stats stats) {
        this.stats = stats;
    }

    void add(Side side) {
        sides.put(side.conversationId(), side);
    }

    void remove(Side side) {
        sides.remove(side.conversationId(), side);
    }

    void onPush(ServerMessage message) {
        if (message.hasEvent()) {
            Side side = sides.get(message.getEvent().getConversationId());
            if (side != null) {
                side.onEvent(message.getEvent());
            }
        } else if (message.hasError()) {
            stats.error(message.getError().getCode().name());
        }
    }
}
