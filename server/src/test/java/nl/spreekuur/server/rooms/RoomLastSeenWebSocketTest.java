package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.LastSeenList;
import nl.spreekuur.protocol.v1.ListLastSeen;
import nl.spreekuur.protocol.v1.MemberLastSeen;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * "Last seen" over real WebSockets, in both encodings: a member on two devices is last seen when the last of them
 * went (injected clock), moderators read it, nobody else does.
 */
class RoomLastSeenWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    static ClientMessage.Builder list(String roomId) {
        return ClientMessage.newBuilder().setListLastSeen(ListLastSeen.newBuilder().setRoomId(roomId));
    }

    private Instant lastSeenOf(WsPeer moderator, String roomId, String participantId) throws InterruptedException {
        LastSeenList seen = moderator.call(list(roomId)).getLastSeenList();
        return seen.getMembersList().stream().filter(m -> m.getParticipantId().equals(participantId))
                .map(MemberLastSeen::getLastSeenAt).map(ProtoTime::toInstant).findFirst().orElse(Instant.EPOCH);
    }

    @BothEncodings
    void aMemberOnTwoDevicesIsLastSeenWhenTheLastOneWentAndOnlyModeratorsSeeIt(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer bram = w.staff(encoding, w.bram);
             WsPeer stranger = other.staff(encoding, other.anna);
             WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, room).getCode(), "Els");
            assertThat(anna.call(list(room.getId())).getLastSeenList().getMembersList()).as("never connected").isEmpty();

            Instant start = server.clock().instant();
            WsPeer phone = w.connect(encoding, els);
            try (WsPeer laptop = w.connect(ServicesTestServer.otherEncoding(encoding), els)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> lastSeenOf(anna, room.getId(), els.participantId())
                        .equals(start));
                server.clock().advance(Duration.ofMinutes(10));
                phone.close();
                Instant phoneGone = start.plus(Duration.ofMinutes(10));
                await().atMost(Duration.ofSeconds(10)).until(() -> lastSeenOf(anna, room.getId(), els.participantId())
                        .equals(phoneGone));
                assertThat(laptop.callForError(list(room.getId()))).as("members do not read it")
                        .isEqualTo(ErrorCode.FORBIDDEN);
                server.clock().advance(Duration.ofMinutes(5));
            }
            Instant laptopGone = start.plus(Duration.ofMinutes(15));
            await().atMost(Duration.ofSeconds(10)).until(() -> lastSeenOf(anna, room.getId(), els.participantId())
                    .equals(laptopGone));

            assertThat(bram.callForError(list(room.getId()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(list(room.getId()))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anonymous.callForError(list(room.getId()))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anna.callForError(list(""))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }
}
