package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Being on duty belongs to the account, not to one login: a professional whose browser closed (every socket gone,
 * the login token lost with the tab) and who logs in again within {@code officehours.staff-off-duty-grace-seconds}
 * is still on duty, told so in {@code HelloOk}, with the queue views coming by themselves. Over real sockets with
 * the production job scheduler (0.2 s here) and the default grace; only the clock is the test's.
 */
class DutyAcrossLoginsWebSocketTest {
    private static final Duration JOB_RUNS = Duration.ofSeconds(20);

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start(Map.of("jobs.interval-seconds", "0.2"));

    private final Organisation org = server.organisation("demo");
    private final Account anna = server.staff(org, "anna", "Anna", Role.PROFESSIONAL);
    private final OfficeHour oh = server.alwaysOpenOfficeHour(org, "inloop", anna);

    @Test
    void aNewLoginOfTheSameAccountWithinTheGraceFindsItselfStillOnDuty() throws Exception {
        try (WsPeer first = server.connect(TestWsClient.JSON, server.login(org, "anna"))) {
            first.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(oh.getId()).setOnDuty(true)));
        }
        awaitGoneNoticed();

        // a browser restart, finding the password, logging in: minutes, well within the default grace
        server.clock().advance(Duration.ofMinutes(5));
        await().during(Duration.ofSeconds(1)).atMost(JOB_RUNS)
                .until(() -> !server.server().store().officeHours().onDuty(oh.getId()).isEmpty());

        try (WsPeer second = server.connect(TestWsClient.PROTO, server.login(org, "anna"))) {
            assertThat(second.helloOk().getOnDutyOfficeHourIdsList()).containsExactly(oh.getId());
            second.await("QueueView without asking", m -> m.hasQueueView()
                    && m.getQueueView().getOnDutyCount() == 1);

            // connected again: the grace no longer runs, however long the new login stays
            server.clock().advance(OfficeHoursSettings.DEFAULT_STAFF_OFF_DUTY_GRACE.multipliedBy(3));
            await().during(Duration.ofSeconds(1)).atMost(JOB_RUNS)
                    .until(() -> !server.server().store().officeHours().onDuty(oh.getId()).isEmpty());
        }
    }

    @Test
    void withoutANewConnectionTheProfessionalGoesOffDutyAfterTheGrace() throws Exception {
        try (WsPeer first = server.connect(TestWsClient.JSON, server.login(org, "anna"))) {
            first.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(oh.getId()).setOnDuty(true)));
        }
        awaitGoneNoticed();

        server.clock().advance(OfficeHoursSettings.DEFAULT_STAFF_OFF_DUTY_GRACE.plusSeconds(1));
        await().atMost(JOB_RUNS).until(() -> server.server().store().officeHours().onDuty(oh.getId()).isEmpty());

        try (WsPeer late = server.connect(TestWsClient.JSON, server.login(org, "anna"))) {
            assertThat(late.helloOk().getOnDutyOfficeHourIdsList()).isEmpty();
        }
    }

    /** The server handles the close (the office hours note the time the last connection went right after). */
    private void awaitGoneNoticed() {
        await().atMost(JOB_RUNS).until(() -> server.server().context().localSessions().size() == 0);
    }
}
