package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.DailyStatistics;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.Statistics;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A scripted Monday through the service, and the statistics an org-admin gets for it, computed by hand:
 * <pre>
 * 08:59  refused (closed), offline message        09:00  refused (nobody on duty); Anna, Bram on duty
 * 09:00  c1 joins   09:01 c2   09:02 c3   09:03 c4   09:04 c5   09:06 c5 leaves (abandoned)
 * 09:05  Anna takes c1 (wait 300)   09:07 Bram takes c2 (360)   09:10 Anna takes c3 (480)
 * 09:12  Anna transfers c1 to Bram  09:15 c3 quick exit (chat 300)   09:20 Bram ends c1 (chat 900, from 09:05)
 * 09:25  c2 ends (chat 1080)   09:26 Bram takes c4 (wait 1380)   09:30 Bram ends c4 (chat 240)
 * </pre>
 * Waits 300, 360, 480, 1380: p50 = 360, p90 = 1380. Chats 240, 300, 900, 1080: p50 = 300, p90 = 1080
 * (nearest rank).
 */
class OfficeHourStatisticsServiceTest {
    private static final Instant MONDAY_08_59 = Instant.parse("2026-11-23T07:59:00Z");
    private static final Instant MONDAY_09_00 = Instant.parse("2026-11-23T08:00:00Z");

    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");
    private final RecordingSession bram = world.professional("Bram");

    @Test
    void aScriptedDayGivesTheHandComputedStatistics() {
        OfficeHour oh = world.officeHour("statistiek", anna, bram);
        world.fx.clock().set(MONDAY_08_59);
        assertThat(world.tryJoin(world.client(), oh, "Vroeg").getAdmitted()).isFalse();
        world.fx.ok(world.client(), Requests.offlineMessage(oh.getId(), "", "Bel me", ""));
        at(0);
        assertThat(world.tryJoin(world.client(), oh, "Niemand").getAdmitted()).isFalse();
        world.onDuty(anna, oh);
        world.onDuty(bram, oh);

        RecordingSession c1 = world.client();
        RecordingSession c2 = world.client();
        RecordingSession c3 = world.client();
        RecordingSession c5 = world.client();
        String chat1 = world.join(c1, oh, "c1", "").getConversationId();
        at(1);
        String chat2 = world.join(c2, oh, "c2", "").getConversationId();
        at(2);
        world.join(c3, oh, "c3", "");
        at(3);
        world.join(world.client(), oh, "c4", "");
        at(4);
        QueueStatus fifth = world.join(c5, oh, "c5", "");
        at(5);
        assertThat(world.claimNext(anna, oh).getConversationId()).isEqualTo(chat1);
        at(6);
        world.fx.ok(c5, Requests.leave(fifth.getQueueEntryId()));
        at(7);
        assertThat(world.claimNext(bram, oh).getConversationId()).isEqualTo(chat2);
        at(10);
        assertThat(world.claimNext(anna, oh).getClientNickname()).isEqualTo("c3");
        at(12);
        world.fx.ok(anna, Requests.transfer(chat1, bram.principal().id(), "Neem jij het over?"));
        at(15);
        world.fx.ok(c3, Requests.quickExit());
        at(20);
        world.fx.ok(bram, Requests.end(chat1));
        at(25);
        world.fx.ok(c2, Requests.end(chat2));
        at(26);
        String chat4 = world.claimNext(bram, oh).getConversationId();
        at(30);
        world.fx.ok(bram, Requests.end(chat4));

        Statistics statistics = world.fx.ok(world.admin, Requests.statistics(oh.getSlug(), "2026-11-22",
                "2026-11-24")).getStatistics();

        assertThat(statistics.getOfficeHourId()).isEqualTo(oh.getId());
        assertThat(statistics.getDaysList()).extracting(DailyStatistics::getDate)
                .containsExactly("2026-11-22", "2026-11-23", "2026-11-24");
        assertThat(statistics.getDays(0)).isEqualTo(DailyStatistics.newBuilder().setDate("2026-11-22").build());
        assertThat(statistics.getDays(2)).isEqualTo(DailyStatistics.newBuilder().setDate("2026-11-24").build());
        assertThat(statistics.getDays(1)).isEqualTo(DailyStatistics.newBuilder()
                .setDate("2026-11-23")
                .setClientsJoined(5)
                .setClientsServed(4)
                .setAbandonedWhileWaiting(1)
                .setRefusedAtAdmission(2)
                .setOfflineMessages(1)
                .setWaitP50Seconds(360)
                .setWaitP90Seconds(1380)
                .setChatDurationP50Seconds(300)
                .setChatDurationP90Seconds(1080)
                .setTransfers(1)
                .setQuickExits(1)
                .build());

        assertThat(world.fx.meters().get("spreekuur_office_hour_events").tag("office_hour", oh.getId())
                .tag("event", "joined").counter().count()).isEqualTo(5);
        DistributionSummary waits = world.fx.meters().get("spreekuur_office_hour_wait_seconds")
                .tag("office_hour", oh.getId()).summary();
        assertThat(waits.count()).isEqualTo(4);
        assertThat(waits.totalAmount()).isEqualTo(300 + 360 + 480 + 1380);
    }

    /** Sets the clock to the given number of minutes past 09:00, Amsterdam time. */
    private void at(int minutesPastNine) {
        world.fx.clock().set(MONDAY_09_00.plus(Duration.ofMinutes(minutesPastNine)));
    }
}
