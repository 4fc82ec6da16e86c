package nl.spreekuur.server.rooms;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.server.store.Effects;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Effect measurement in a group room: each stored message is one anonymous fact (room and day only); a retry of the
 * same client_msg_id is not counted twice.
 */
class RoomEffectFactsWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void eachStoredMessageIsOneAnonymousFact(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(otherEncoding(encoding), w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Ouders", w.anna.id()));
            String conv = room.getConversationId();
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            try (WsPeer elsWs = w.connect(encoding, els)) {
                elsWs.subscribe(conv, 0, "");
                for (String id : List.of("e-1", "e-2", "e-2")) {
                    assertThat(elsWs.call(ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder()
                            .setConversationId(conv).setClientMsgId(id).setText("Hoi " + id))).hasMessageAck())
                            .isTrue();
                }
            }
        }
        LocalDate today = LocalDate.ofInstant(server.clock().instant(), Effects.ZONE);
        List<Effects.Fact> facts = server.server().store().effects().facts(w.org.id(), Effects.Channel.GROUP_ROOM,
                today.minusDays(1), today.plusDays(1));
        assertThat(facts).hasSize(2).allSatisfy(f -> {
            assertThat(f.fact()).isEqualTo(Effects.ROOM_MESSAGE);
            assertThat(f.value()).isEqualTo(1);
            assertThat(f.day()).isEqualTo(today);
        });
    }
}
