package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.OfficeHourDrafts.ams;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.QueueView;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Closing time changes what waiting clients and professionals are told, although nothing in the queue changed:
 * the office-hour jobs (run by the production scheduler) push the new QueueStatus and QueueView at closing time
 * and at the next opening. The professional stays on duty, so nobody is ended and nothing else would publish.
 */
class ClosingTimeWebSocketTest {
    /** The job interval (0.2 s here); allow for a slow machine. */
    private static final Duration JOB_RUN = Duration.ofSeconds(20);

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("jobs.interval-seconds", "0.2"));

    @Test
    void waitingClientsAndProfessionalsGetTheNewStateAtClosingTimeAndAtOpening() throws Exception {
        // Monday 2026-03-02, open 10:00-11:00 and 12:00-13:00 in Amsterdam; the clock starts at 10:00.
        server.clock().set(ams("2026-03-02T10:00"));
        Organisation org = server.organisation("demo");
        Account anna = server.staff(org, "anna", "Anna", Role.PROFESSIONAL);
        OfficeHour oh = server.server().store().officeHours().save(OfficeHourValidator.requireValid(
                OfficeHourValidator.withDefaults(OfficeHour.newBuilder().setOrganisationId(org.id())
                        .setSlug("ochtend").setName("Ochtendspreekuur").setTimeZone("Europe/Amsterdam")
                        .addSlots(slot("10:00", "11:00")).addSlots(slot("12:00", "13:00"))
                        .addProfessionalIds(anna.id()).build())));

        try (WsPeer pro = server.connect(TestWsClient.PROTO, server.login(org, "anna"));
             WsPeer client = server.connect(TestWsClient.JSON, server.anonymous(org))) {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(oh.getId()).setOnDuty(true)));
            JoinQueueResult joined = client.call(ClientMessage.newBuilder().setJoinQueue(
                    JoinQueue.newBuilder().setOfficeHourId(oh.getSlug()).setNickname("Sam"))).getJoinQueueResult();
            assertThat(joined.getAdmitted()).isTrue();
            assertThat(joined.getStatus().hasClosesAt()).isTrue();
            assertThat(joined.getStatus().getEstimatedWaitSeconds()).isPositive();
            pro.await("QueueView with Sam waiting", m -> m.hasQueueView()
                    && m.getQueueView().getWaitingCount() == 1 && m.getQueueView().getStatus().getOpen());

            server.clock().set(ams("2026-03-02T11:00"));

            QueueStatus closed = client.await("QueueStatus after closing time", m -> m.hasQueueStatus()
                    && !m.getQueueStatus().hasClosesAt(), JOB_RUN).getQueueStatus();
            assertThat(closed.getState()).isEqualTo(QueueState.WAITING);
            assertThat(closed.getEstimatedWaitSeconds()).isEqualTo(-1);
            assertThat(closed.getMayNotBeServed()).isTrue();
            QueueView closedView = pro.await("QueueView after closing time", m -> m.hasQueueView()
                    && !m.getQueueView().getStatus().getOpen(), JOB_RUN).getQueueView();
            assertThat(closedView.getWaitingCount()).isEqualTo(1);
            assertThat(closedView.getStatus().getNextOpening().getSeconds())
                    .isEqualTo(ams("2026-03-02T12:00").getEpochSecond());

            server.clock().set(ams("2026-03-02T12:00"));

            QueueStatus reopened = client.await("QueueStatus at the next opening", m -> m.hasQueueStatus()
                    && m.getQueueStatus().hasClosesAt(), JOB_RUN).getQueueStatus();
            assertThat(reopened.getClosesAt().getSeconds()).isEqualTo(ams("2026-03-02T13:00").getEpochSecond());
            assertThat(reopened.getEstimatedWaitSeconds()).isPositive();
            pro.await("QueueView at the next opening", m -> m.hasQueueView()
                    && m.getQueueView().getStatus().getOpen(), JOB_RUN);
        }
    }

    private static WeeklySlot slot(String start, String end) {
        return WeeklySlot.newBuilder().setDay(Weekday.MONDAY).setStart(start).setEnd(end).build();
    }
}
