package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ListHeldMessages;
import nl.spreekuur.protocol.v1.ListReports;
import nl.spreekuur.protocol.v1.ReportMessage;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.protocol.v1.SaveRoomSafety;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.protocol.v1.UnattendedMode;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Reports (with the reporter's reason) and messages held for review follow the room's retention: the periodic jobs
 * delete them with the messages, on the injected clock.
 */
class RoomSafetyRetentionWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("jobs.interval-seconds", "0.2"));

    @BothEncodings
    void reportsAndHeldMessagesOlderThanTheRetentionAreDeleted(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        Room room;
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            room = RoomWorld.saved(anna, RoomWorld.room("Week", w.anna.id()).setRetentionDays(7));
            String conv = room.getConversationId();
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            try (WsPeer els = w.connect(encoding, w.join(code, "Els"));
                 WsPeer fien = w.connect(encoding, w.join(code, "Fien"))) {
                long seq = els.call(send(conv, "e-1", "Iets")).getMessageAck().getSeq();
                fien.callForAck(ClientMessage.newBuilder().setReportMessage(ReportMessage.newBuilder()
                        .setConversationId(conv).setSeq(seq).setReason("naar")));
                // Sundays only: outside the hours now (Monday), so Els's next message waits
                anna.call(ClientMessage.newBuilder().setSaveRoomSafety(SaveRoomSafety.newBuilder().setSafety(
                        RoomSafety.newBuilder().setRoomId(room.getId()).setUnattendedMode(UnattendedMode.UNATTENDED_HOLD_ALL)
                                .addModerationHours(WeeklySlot.newBuilder().setDay(Weekday.SUNDAY).setStart("10:00")
                                        .setEnd("11:00")))));
                assertThat(els.call(send(conv, "e-2", "Wacht")).hasHeldMessage()).isTrue();
            }
            assertThat(reports(anna, room)).isEqualTo(1);
            assertThat(held(anna, room)).isEqualTo(1);
        }
        server.clock().advance(Duration.ofDays(7).plusMinutes(1));
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reports(anna, room) == 0 && held(anna, room) == 0);
        }
    }

    private static ClientMessage.Builder send(String conv, String id, String text) {
        return ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder().setConversationId(conv)
                .setClientMsgId(id).setText(text));
    }

    private static int reports(WsPeer peer, Room room) throws InterruptedException {
        return peer.call(ClientMessage.newBuilder().setListReports(ListReports.newBuilder().setRoomId(room.getId())
                .setIncludeResolved(true))).getReportList().getReportsCount();
    }

    private static int held(WsPeer peer, Room room) throws InterruptedException {
        return peer.call(ClientMessage.newBuilder().setListHeldMessages(ListHeldMessages.newBuilder()
                .setRoomId(room.getId()))).getHeldMessageList().getMessagesCount();
    }
}
