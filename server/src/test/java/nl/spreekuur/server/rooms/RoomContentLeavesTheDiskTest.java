package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.DeleteMessage;
import nl.spreekuur.protocol.v1.DeleteRoom;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.store.jdbc.DataDirScan;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 for content a group room deletes outside the retention jobs: a message a member deletes, and a room a
 * moderator deletes, are in no file of the data dir once the periodic jobs' compaction has run, while the node
 * keeps running on its encrypted embedded store (the whole server, real WebSockets; {@link DataDirScan} reads every
 * file with the store key).
 */
class RoomContentLeavesTheDiskTest {
    private static final List<String> MARKERS = DataDirScan.markers(3);
    private static final String DELETED_MESSAGE = MARKERS.get(0);
    private static final String KEPT_MESSAGE = MARKERS.get(1);
    private static final String DELETED_ROOM_MESSAGE = MARKERS.get(2);

    @TempDir
    Path root;

    private ServicesTestServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aDeletedMessageAndADeletedRoomLeaveTheFilesAtTheNextCompaction() throws Exception {
        Path dataDir = root.resolve("data");
        StoreSettings settings = StoreSettings.embedded(dataDir)
                .encryptedWith(StoreKey.loadOrCreate(root.resolve("data.key"), dataDir));
        server = ServicesTestServer.start(Map.of("jobs.interval-seconds", "0.2",
                "store.compact-min-interval-minutes", "1"), builder -> builder.store(settings));
        DataDirScan scan = new DataDirScan(dataDir, settings);
        RoomWorld w = new RoomWorld(server, "demo");
        try (WsPeer anna = w.staff(TestWsClient.PROTO, w.anna)) {
            Room kept = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            Room gone = RoomWorld.saved(anna, RoomWorld.room("Opgeheven", w.anna.id()));
            RoomWorld.Joined els = w.join(RoomWorld.multiUseInvite(anna, kept).getCode(), "Els");
            RoomWorld.Joined fien = w.join(RoomWorld.multiUseInvite(anna, gone).getCode(), "Fien");
            try (WsPeer elsWs = w.connect(TestWsClient.JSON, els);
                 WsPeer fienWs = w.connect(TestWsClient.PROTO, fien)) {
                elsWs.subscribe(kept.getConversationId(), 0, "");
                fienWs.subscribe(gone.getConversationId(), 0, "");
                long deleted = elsWs.call(send(kept, "e-1", DELETED_MESSAGE)).getMessageAck().getSeq();
                elsWs.call(send(kept, "e-2", KEPT_MESSAGE));
                fienWs.call(send(gone, "f-1", DELETED_ROOM_MESSAGE));
                await().atMost(Duration.ofSeconds(20)).until(() -> !scan.filesContaining(DELETED_MESSAGE).isEmpty()
                        && !scan.filesContaining(DELETED_ROOM_MESSAGE).isEmpty());

                elsWs.call(ClientMessage.newBuilder().setDeleteMessage(DeleteMessage.newBuilder()
                        .setConversationId(kept.getConversationId()).setClientMsgId("e-3").setSeq(deleted)));
                awaitCompacted(scan, DELETED_MESSAGE, "the deleted message");

                // the next compaction comes one interval later
                anna.callForAck(ClientMessage.newBuilder().setDeleteRoom(DeleteRoom.newBuilder()
                        .setRoomId(gone.getId()).setReason("opgeheven")));
                server.clock().advance(Duration.ofMinutes(2));
                awaitCompacted(scan, DELETED_ROOM_MESSAGE, "the deleted room");
                // the node goes on
                assertThat(elsWs.call(send(kept, "e-4", "nog iets")).hasMessageAck()).isTrue();
            }
        }
    }

    /**
     * Until the jobs' compaction has run: {@code deleted} in no file, the kept message still in the database file.
     * The jobs run on the server's own thread, so a scan may meet the file while the compaction rewrites it (a read
     * past its end): such a scan is tried again.
     */
    private static void awaitCompacted(DataDirScan scan, String deleted, String what) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .untilAsserted(() -> {
                    assertThat(scan.filesContaining(deleted)).as(what).isEmpty();
                    assertThat(scan.filesContaining(KEPT_MESSAGE)).as("the message that stays")
                            .contains("spreekuur.mv.db");
                });
    }

    private static ClientMessage.Builder send(Room room, String id, String text) {
        return ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder()
                .setConversationId(room.getConversationId()).setClientMsgId(id).setText(text));
    }
}
