package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * A member who floods the room is slowed down by the rate limit (burst 5, 1 per second here; the test clock
 * stands still unless moved): refused requests store nothing, other members write on, and the member writes again
 * once the bucket refilled.
 */
class RoomRateLimitWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("rate.burst", "5",
            "rate.messages-per-second", "1"));

    @BothEncodings
    void aFloodingMemberIsRateLimitedAloneAndWritesAgainAfterTheRefill(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Druk", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined fien = w.join(code, "Fien");
            try (WsPeer flooder = w.connect(encoding, els); WsPeer calm = w.connect(encoding, fien)) {
                int acked = 0;
                int limited = 0;
                for (int i = 0; i < 8; i++) {
                    ServerMessage answer = flooder.call(ClientMessage.newBuilder().setSendMessage(SendMessage
                            .newBuilder().setConversationId(room.getConversationId()).setClientMsgId("e-" + i)
                            .setText("spam " + i)));
                    if (answer.hasMessageAck()) {
                        acked++;
                    } else {
                        assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                        limited++;
                    }
                }
                assertThat(acked).as("the burst, less the Hello").isEqualTo(4);
                assertThat(limited).isEqualTo(4);
                long stored = server.server().store().conversations().eventsAfter(room.getConversationId(), 0, 100)
                        .stream().filter(ConversationEvent::hasText).count();
                assertThat(stored).isEqualTo(acked);
                calm.sendText(room.getConversationId(), "f-1", "Ik kan gewoon schrijven");

                server.clock().advance(Duration.ofSeconds(2));
                flooder.sendText(room.getConversationId(), "e-later", "Sorry");
            }
        }
    }
}
