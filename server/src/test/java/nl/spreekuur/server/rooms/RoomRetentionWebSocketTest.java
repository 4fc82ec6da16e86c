package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.History;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Rolling retention of a room, run by the periodic jobs on the injected clock: messages older than the room's
 * retention days disappear from history and replay; a room kept "while it exists" keeps everything.
 */
class RoomRetentionWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("jobs.interval-seconds", "0.2"));

    @BothEncodings
    void messagesOlderThanTheRoomsRetentionArePurgedAndResumingClientsReload(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        Room kept;
        Room weekly;
        SubscribeResult before;
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            kept = RoomWorld.saved(anna, RoomWorld.room("Bewaard", w.anna.id()));
            weekly = RoomWorld.saved(anna, RoomWorld.room("Week", w.anna.id()).setRetentionDays(7));
            anna.sendText(kept.getConversationId(), "k-1", "blijft");
            anna.sendText(weekly.getConversationId(), "w-1", "gaat weg");
            before = anna.subscribe(weekly.getConversationId(), 0, "");
        }
        server.clock().advance(Duration.ofDays(7).plusMinutes(1));
        // a week later: the staff token of then has expired, so Anna logs in again
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            anna.sendText(weekly.getConversationId(), "w-2", "blijft nog");

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    history(anna, weekly).getEventsList().stream().noneMatch(e -> e.getClientMsgId().equals("w-1")));
            assertThat(history(anna, weekly).getEventsList()).extracting(ConversationEvent::getClientMsgId)
                    .containsExactly("w-2");
            assertThat(history(anna, kept).getEventsList()).extracting(ConversationEvent::getClientMsgId)
                    .contains("k-1");
            SubscribeResult resumed = anna.subscribe(weekly.getConversationId(), 1, before.getEpoch());
            assertThat(resumed.getRecovered()).as("seq 1 is gone: reload").isFalse();
            assertThat(resumed.getFirstSeq()).isEqualTo(resumed.getLastSeq());
        }
    }

    private static History history(WsPeer peer, Room room) throws InterruptedException {
        return peer.call(ClientMessage.newBuilder().setGetHistory(GetHistory.newBuilder()
                .setConversationId(room.getConversationId()))).getHistory();
    }
}
