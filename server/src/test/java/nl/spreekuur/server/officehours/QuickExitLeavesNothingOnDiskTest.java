package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.server.store.StoreKey;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.store.jdbc.DataDirScan;
import nl.spreekuur.server.testsupport.OfficeHourServiceFixture;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 through the request path: a client who used quick exit ("Snel weg") without consent leaves nothing on
 * disk once retention has purged the chat and the store is compacted (as the periodic jobs do it, with the
 * injected clock), while the node keeps running on its encrypted embedded store; a chat that goes on is still there.
 * Every file of the data dir is read with the store key ({@link DataDirScan}, which also says how its markers
 * survive H2's page compression).
 */
class QuickExitLeavesNothingOnDiskTest {
    private static final List<String> MARKERS = DataDirScan.markers(6);
    private static final String GONE_TEXT = MARKERS.get(0);
    private static final String GONE_NICKNAME = MARKERS.get(1);
    private static final String GONE_QUESTION = MARKERS.get(2);
    private static final String KEPT_TEXT = MARKERS.get(3);
    private static final String KEPT_NICKNAME = MARKERS.get(4);
    private static final String KEPT_QUESTION = MARKERS.get(5);

    @TempDir
    Path root;

    private OfficeHourWorld world;

    @AfterEach
    void close() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aQuickExitedChatIsInNoFileOnceRetentionAndTheCompactionHaveRun() {
        Path dataDir = root.resolve("data");
        StoreSettings settings = StoreSettings.embedded(dataDir)
                .encryptedWith(StoreKey.loadOrCreate(root.resolve("data.key"), dataDir));
        world = new OfficeHourWorld(OfficeHourServiceFixture.start(settings));
        DataDirScan scan = new DataDirScan(dataDir, settings);
        RecordingSession anna = world.professional("Anna");
        RecordingSession bram = world.professional("Bram");
        OfficeHour oh = world.servedBy(OfficeHourWorld.mondayDraft("snel-weg"), anna, bram);

        RecordingSession sam = world.client();
        String gone = world.join(sam, oh, GONE_NICKNAME, GONE_QUESTION).getConversationId();
        world.claimNext(anna, oh);
        world.fx.ok(sam, Requests.send(gone, "s1", GONE_TEXT));
        RecordingSession kim = world.client();
        String kept = world.join(kim, oh, KEPT_NICKNAME, KEPT_QUESTION).getConversationId();
        world.claimNext(bram, oh);
        world.fx.ok(kim, Requests.send(kept, "k1", KEPT_TEXT));
        assertThat(scan.filesContaining(GONE_TEXT)).as("stored (the scan reads it)").isNotEmpty();

        world.fx.ok(sam, Requests.quickExit());

        // the chat's content 10 minutes after its end; the compaction after that purge
        world.fx.advanceAndRunJobs(OfficeHoursSettings.DEFAULT_NO_CONSENT_GRACE.plusMinutes(1));
        assertThat(world.fx.store().conversations().eventsAfter(gone, 0, 10)).isEmpty();
        assertThat(scan.filesContaining(GONE_TEXT)).as("the message after the purge and compaction").isEmpty();

        // the queue entry (nickname, first question) an hour after the end; the next compaction an hour later
        world.fx.advanceAndRunJobs(OfficeHoursSettings.DEFAULT_ENDED_QUEUE_ENTRY_RETENTION);
        assertThat(world.fx.store().queue().byConversation(gone)).isEmpty();
        for (String marker : List.of(GONE_TEXT, GONE_NICKNAME, GONE_QUESTION)) {
            assertThat(scan.filesContaining(marker)).as("%s of the quick-exited chat", marker).isEmpty();
        }
        for (String marker : List.of(KEPT_TEXT, KEPT_NICKNAME, KEPT_QUESTION)) {
            assertThat(scan.filesContaining(marker)).as("%s of the chat that goes on", marker)
                    .contains("spreekuur.mv.db");
        }
        // the node goes on
        world.fx.ok(kim, Requests.send(kept, "k2", "nog een vraag"));
        assertThat(world.fx.store().conversations().eventsAfter(kept, 0, 100))
                .extracting(e -> e.getText().getText()).contains(KEPT_TEXT, "nog een vraag");
    }
}
