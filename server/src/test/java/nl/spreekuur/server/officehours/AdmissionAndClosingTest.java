package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.officehours.OfficeHourWorld.status;
import static nl.spreekuur.server.officehours.OfficeHourWorld.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfflineMessage;
import nl.spreekuur.protocol.v1.OfflineMessageList;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Who may join when, what a refused client is told, offline messages, and the end of the office hour. */
class AdmissionAndClosingTest {
    private static final Instant TUESDAY_09_00 = Instant.parse("2026-11-24T08:00:00Z");
    private static final Instant MONDAY_16_56 = Instant.parse("2026-11-23T15:56:00Z");

    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");

    @Test
    void refusalsSayWhyAndWhenToComeBackAndAreCounted() {
        OfficeHour tuesdays = world.officeHour(OfficeHour.newBuilder().setSlug("dinsdag").setName("Dinsdag")
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.TUESDAY).setStart("09:00").setEnd("12:00")), anna);
        JoinQueueResult closed = world.tryJoin(world.client(), tuesdays, "Sam");
        assertThat(closed.getAdmitted()).isFalse();
        assertThat(closed.getRefusal()).isEqualTo(AdmissionRefusal.OUTSIDE_OPENING_HOURS);
        assertThat(closed.getOfficeHour().getOpen()).isFalse();
        assertThat(closed.getOfficeHour().getNextOpening().getSeconds()).isEqualTo(TUESDAY_09_00.getEpochSecond());
        assertThat(closed.getOfficeHour().getEstimatedWaitSeconds()).isEqualTo(-1);

        OfficeHour mondays = world.officeHour("maandag", anna);
        JoinQueueResult nobody = world.tryJoin(world.client(), mondays, "Kim");
        assertThat(nobody.getRefusal()).isEqualTo(AdmissionRefusal.NOBODY_ON_DUTY);
        assertThat(nobody.getOfficeHour().getOpen()).isTrue();
        assertThat(nobody.getOfficeHour().getAccepting()).isFalse();

        world.onDuty(anna, mondays);
        world.fx.clock().set(MONDAY_16_56);
        JoinQueueResult late = world.tryJoin(world.client(), mondays, "Lou");
        assertThat(late.getRefusal()).isEqualTo(AdmissionRefusal.WAIT_PAST_CLOSING);
        assertThat(late.getOfficeHour().getClosesAt().getSeconds()).isEqualTo(OfficeHourWorld.MONDAY_CLOSING.getEpochSecond());

        assertThat(world.fx.store().queue().waiting(mondays.getId())).isEmpty();
        assertThat(refusedToday(tuesdays)).isEqualTo(1);
        assertThat(refusedToday(mondays)).isEqualTo(2);
    }

    @Test
    void waitingClientsAreToldHonestlyWhenNobodyCanServeThem() {
        OfficeHour oh = world.servedBy("eerlijk", anna);
        RecordingSession sam = world.client();
        assertThat(world.join(sam, oh, "Sam", "").getEstimatedWaitSeconds()).isEqualTo(60);

        world.fx.ok(anna, Requests.duty(oh.getId(), false));

        QueueStatus unknown = status(sam, QueueStatus::getMayNotBeServed);
        assertThat(unknown.getState()).isEqualTo(QueueState.WAITING);
        assertThat(unknown.getEstimatedWaitSeconds()).isEqualTo(-1);
    }

    @Test
    void afterClosingTheQueueIsServedWhileSomeoneIsOnDutyThenTheRestIsNotServed() {
        OfficeHour oh = world.servedBy("sluiten", anna);
        RecordingSession sam = world.client();
        RecordingSession kim = world.client();
        world.join(sam, oh, "Sam", "");
        world.fx.clock().advance(Duration.ofSeconds(1));
        QueueStatus kimWaiting = world.join(kim, oh, "Kim", "");

        world.fx.clock().set(OfficeHourWorld.MONDAY_CLOSING.plusSeconds(60));
        world.fx.runJobs();
        assertThat(world.fx.store().queue().waiting(oh.getId())).hasSize(2);
        assertThat(world.claimNext(anna, oh).getClientNickname()).isEqualTo("Sam");

        world.fx.ok(anna, Requests.duty(oh.getId(), false));
        world.fx.runJobs();

        QueueStatus notServed = status(kim, OfficeHourWorld::ended);
        assertThat(notServed.getState()).isEqualTo(QueueState.NOT_SERVED);
        assertThat(world.fx.store().queue().byId(kimWaiting.getQueueEntryId()).orElseThrow().state())
                .isEqualTo(QueueState.NOT_SERVED);
        assertThat(status(sam, s -> s.getState() == QueueState.IN_CHAT)).as("a running chat goes on").isNotNull();
    }

    @Test
    void offlineMessagesAreListedHandledAuditedAndDeletedAfterRetention() {
        OfficeHour oh = world.officeHour(OfficeHour.newBuilder().setSlug("post").setName("Post")
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.TUESDAY).setStart("09:00").setEnd("12:00")), anna);
        RecordingSession sam = world.client();
        world.fx.ok(sam, Requests.offlineMessage(oh.getId(), "Sam", "Bel me terug over de huur", "06-12345678"));
        world.fx.clock().advance(Duration.ofMinutes(1));
        world.fx.ok(world.client(), Requests.offlineMessage(oh.getId(), "", "Anoniem bericht", ""));
        world.fx.ok(anna, Requests.duty(oh.getId(), true));
        assertThat(view(anna, v -> v.getUnhandledOfflineMessages() == 2)).isNotNull();

        OfflineMessageList open = world.fx.ok(anna, Requests.listOfflineMessages(oh.getId(), false))
                .getOfflineMessages();
        assertThat(open.getMessagesList()).extracting(OfflineMessage::getText)
                .containsExactly("Bel me terug over de huur", "Anoniem bericht");
        OfflineMessage first = open.getMessages(0);
        assertThat(first.getContact()).isEqualTo("06-12345678");
        assertThat(first.getNickname()).isEqualTo("Sam");
        world.fx.ok(anna, Requests.handleOfflineMessage(first.getId()));
        assertThat(view(anna, v -> v.getUnhandledOfflineMessages() == 1)).isNotNull();
        OfflineMessageList all = world.fx.ok(anna, Requests.listOfflineMessages(oh.getId(), true))
                .getOfflineMessages();
        assertThat(all.getMessages(0).getHandledBy()).isEqualTo(anna.principal().id());
        assertThat(world.fx.ok(anna, Requests.listOfflineMessages(oh.getId(), false)).getOfflineMessages()
                .getMessagesCount()).isEqualTo(1);
        assertThat(world.auditLog()).extracting(e -> e.action())
                .contains("offline_message.list", "offline_message.handle");

        world.fx.advanceAndRunJobs(OfficeHoursSettings.DEFAULT_OFFLINE_MESSAGE_RETENTION.plusMinutes(1));
        assertThat(world.fx.store().offlineMessages().byId(first.getId())).isEmpty();
        assertThat(world.fx.store().offlineMessages().byOfficeHour(oh.getId(), true))
                .as("unhandled messages stay until someone handles them").hasSize(1);
        RecordingSession chris = world.connected(world.fx.staff(world.org, "Chris", Role.SUPERVISOR));
        assertThat(world.fx.ok(chris, Requests.statistics(oh.getId(), OfficeHourWorld.MONDAY, OfficeHourWorld.MONDAY)).getStatistics()
                .getDays(0).getOfflineMessages()).isEqualTo(2);
    }

    private int refusedToday(OfficeHour oh) {
        return world.fx.ok(world.admin, Requests.statistics(oh.getId(), OfficeHourWorld.MONDAY, OfficeHourWorld.MONDAY)).getStatistics()
                .getDays(0).getRefusedAtAdmission();
    }
}
