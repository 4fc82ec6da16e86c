package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.spreekuur.protocol.v1.ActiveItem;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetMyBreak;
import nl.spreekuur.protocol.v1.ListLastSeen;
import nl.spreekuur.protocol.v1.ListRooms;
import nl.spreekuur.protocol.v1.MemberLastSeen;
import nl.spreekuur.protocol.v1.MyBreak;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.TakeBreak;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Taking a break over real WebSockets, in both encodings: while on a break a member's unread count is 0 (HelloOk on
 * another device, ListRooms) and moderators see them as away; after it (injected clock) the count is back; the
 * break follows the member to their other device; only the member takes it.
 */
class RoomBreakWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    private ClientMessage.Builder take(String roomId, Duration fromNow) {
        TakeBreak.Builder b = TakeBreak.newBuilder().setRoomId(roomId);
        if (fromNow != null) {
            b.setUntil(ProtoTime.of(server.clock().instant().plus(fromNow)));
        }
        return ClientMessage.newBuilder().setTakeBreak(b);
    }

    private static int unreadInHello(WsPeer peer, String roomId) {
        return peer.helloOk().getActiveList().stream().filter(a -> a.getRoomId().equals(roomId))
                .mapToInt(ActiveItem::getUnreadCount).findFirst().orElse(-1);
    }

    @BothEncodings
    void whileOnABreakAMemberHasNoUnreadCountAndModeratorsSeeThemAway(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer stranger = other.staff(encoding, other.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            anna.subscribe(room.getConversationId(), 0, "");
            MyBreak taken;
            try (WsPeer phone = w.connect(encoding, els)) {
                taken = phone.call(take(room.getId(), Duration.ofDays(2))).getMyBreak();
                assertThat(ProtoTime.toInstant(taken.getUntil()))
                        .isEqualTo(server.clock().instant().plus(Duration.ofDays(2)));
                assertThat(phone.callForError(take(room.getId(), Duration.ofDays(31)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(phone.callForError(take(room.getId(), Duration.ofMinutes(-1))))
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
            anna.sendText(room.getConversationId(), "a-1", "Wie komt er donderdag?");
            anna.sendText(room.getConversationId(), "a-2", "Er is koffie.");
            try (WsPeer laptop = w.connect(ServicesTestServer.otherEncoding(encoding), els)) {
                assertThat(unreadInHello(laptop, room.getId())).as("no unread count on a break").isZero();
                assertThat(laptop.call(ClientMessage.newBuilder().setListRooms(ListRooms.getDefaultInstance()))
                        .getRoomList().getRooms(0).getUnreadCount()).isZero();
                assertThat(laptop.call(ClientMessage.newBuilder().setGetMyBreak(GetMyBreak.newBuilder()
                        .setRoomId(room.getId()))).getMyBreak().getUntil()).as("the break follows the member")
                        .isEqualTo(taken.getUntil());
            }
            MemberLastSeen seen = anna.call(ClientMessage.newBuilder().setListLastSeen(ListLastSeen.newBuilder()
                    .setRoomId(room.getId()))).getLastSeenList().getMembers(0);
            assertThat(seen.getAwayUntil()).as("moderators see the member away").isEqualTo(taken.getUntil());

            server.clock().advance(Duration.ofDays(3));
            try (WsPeer back = w.connect(encoding, els)) {
                assertThat(unreadInHello(back, room.getId())).as("after the break").isEqualTo(2);
                assertThat(back.call(ClientMessage.newBuilder().setGetMyBreak(GetMyBreak.newBuilder()
                        .setRoomId(room.getId()))).getMyBreak().hasUntil()).isFalse();
                back.call(take(room.getId(), Duration.ofHours(1)));
                assertThat(back.call(take(room.getId(), null)).getMyBreak().hasUntil()).as("ended early").isFalse();
            }
            assertThat(anna.call(ClientMessage.newBuilder().setListLastSeen(ListLastSeen.newBuilder()
                    .setRoomId(room.getId()))).getLastSeenList().getMembers(0).hasAwayUntil()).isFalse();

            assertThat(anna.callForError(take(room.getId(), Duration.ofDays(1)))).as("moderators take no break")
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(take(room.getId(), Duration.ofDays(1)))).isEqualTo(ErrorCode.NOT_FOUND);
            try (WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
                assertThat(anonymous.callForError(take(room.getId(), Duration.ofDays(1))))
                        .isEqualTo(ErrorCode.NOT_FOUND);
            }
        }
    }

    private static ClientMessage.Builder hide(String roomId, boolean hidden) {
        return ClientMessage.newBuilder().setSetOnlineHidden(nl.spreekuur.protocol.v1.SetOnlineHidden.newBuilder()
                .setRoomId(roomId).setHidden(hidden));
    }

    private static boolean presenceOf(WsPeer peer, String participantId, boolean present) throws InterruptedException {
        return peer.await("presence " + present, m -> m.hasPresence()
                && m.getPresence().getParticipantId().equals(participantId)
                && m.getPresence().getPresent() == present).getPresence().getPresent();
    }

    @BothEncodings
    void aMemberWhoHidesTheirOnlineStatusIsNeverShownPresentOnAnyOfTheirDevices(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(encoding, w.anna)) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            String code = RoomWorld.multiUseInvite(anna, room).getCode();
            RoomWorld.Joined els = w.join(code, "Els");
            RoomWorld.Joined henk = w.join(code, "Henk");
            try (WsPeer henkPeer = w.connect(encoding, henk); WsPeer phone = w.connect(encoding, els)) {
                henkPeer.subscribe(room.getConversationId(), 0, "");
                phone.subscribe(room.getConversationId(), 0, "");
                assertThat(presenceOf(henkPeer, els.participantId(), true)).isTrue();

                MyBreak mine = phone.call(hide(room.getId(), true)).getMyBreak();
                assertThat(mine.getOnlineHidden()).isTrue();
                assertThat(presenceOf(henkPeer, els.participantId(), false)).as("shown away at once").isFalse();
                try (WsPeer laptop = w.connect(ServicesTestServer.otherEncoding(encoding), els);
                     WsPeer henkAgain = w.connect(encoding, henk)) {
                    laptop.subscribe(room.getConversationId(), 0, "");
                    assertThat(laptop.call(ClientMessage.newBuilder().setGetMyBreak(GetMyBreak.newBuilder()
                            .setRoomId(room.getId()))).getMyBreak().getOnlineHidden()).as("on every device").isTrue();
                    assertThat(henkAgain.subscribe(room.getConversationId(), 0, "").getParticipantsList())
                            .filteredOn(p -> p.getParticipantId().equals(els.participantId())).singleElement()
                            .satisfies(p -> assertThat(p.getPresent()).isFalse());
                    assertThat(anna.subscribe(room.getConversationId(), 0, "").getParticipantsList())
                            .filteredOn(p -> p.getParticipantId().equals(els.participantId())).singleElement()
                            .satisfies(p -> assertThat(p.getPresent()).as("moderators too").isFalse());
                    assertThat(henkAgain.subscribe(room.getConversationId(), 0, "").getParticipantsList())
                            .filteredOn(p -> p.getParticipantId().equals(henk.participantId())).singleElement()
                            .satisfies(p -> assertThat(p.getPresent()).as("others still shown").isTrue());
                }
                assertThat(phone.call(hide(room.getId(), false)).getMyBreak().getOnlineHidden()).isFalse();
                assertThat(presenceOf(henkPeer, els.participantId(), true)).as("shown again").isTrue();
                assertThat(anna.callForError(hide(room.getId(), true))).isEqualTo(ErrorCode.FORBIDDEN);
            }
        }
    }
}
