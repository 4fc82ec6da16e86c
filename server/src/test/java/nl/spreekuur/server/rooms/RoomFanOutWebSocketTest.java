package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A full room (200 members, half of them on each encoding) over real WebSockets: every message, from the moderator
 * and from members, reaches every member exactly once and in seq order.
 */
class RoomFanOutWebSocketTest {
    private static final int MEMBERS = 200;
    private static final int MESSAGES = 6;

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @Test
    void everyMessageReachesEachOfTwoHundredMembersOnceAndInOrder() throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        List<WsPeer> members = new ArrayList<>();
        try (WsPeer anna = w.staff(TestWsClient.PROTO, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Groot", w.anna.id()).setMemberLimit(MEMBERS));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            List<RoomWorld.Joined> joined = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                joined.add(w.join(code, "Lid " + i));
            }
            assertThat(w.joinAnswer(code, "Een te veel").status()).as("the room is full").isEqualTo(409);
            Conversation before = server.server().store().conversations().byId(room.getConversationId())
                    .orElseThrow();
            try {
                for (int i = 0; i < MEMBERS; i++) {
                    WsPeer member = w.connect(i % 2 == 0 ? TestWsClient.JSON : TestWsClient.PROTO, joined.get(i));
                    members.add(member);
                    assertThat(member.subscribe(room.getConversationId(), before.lastSeq(), before.epoch())
                            .getRecovered()).isTrue();
                }
                List<Long> sent = new ArrayList<>();
                for (int m = 0; m < MESSAGES; m++) {
                    WsPeer author = m % 2 == 0 ? anna : members.get(m * 37 % MEMBERS);
                    sent.add(author.sendText(room.getConversationId(), "fan-" + m, "Bericht " + m).getSeq());
                }
                assertThat(sent).as("one seq each, without gaps")
                        .containsExactly(seqs(before.lastSeq() + 1, before.lastSeq() + MESSAGES));
                for (WsPeer member : members) {
                    List<Long> received = new ArrayList<>();
                    for (int m = 0; m < MESSAGES; m++) {
                        ConversationEvent event = member.nextEvent(room.getConversationId());
                        received.add(event.getSeq());
                        assertThat(event.getText().getText()).isEqualTo("Bericht " + m);
                    }
                    assertThat(received).containsExactlyElementsOf(sent);
                    assertThat(member.unclaimed()).noneMatch(msg -> msg.hasEvent());
                    assertThat(member.violations()).isEmpty();
                }
            } finally {
                members.forEach(WsPeer::close);
            }
        }
    }

    private static Long[] seqs(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            seqs.add(s);
        }
        return seqs.toArray(new Long[0]);
    }
}
