package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.Visit;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.StatisticsLog;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * JoinQueue's {@code visit} over real sockets in both encodings: a client whose device had the mark of an earlier
 * visit (VISIT_RETURNING), one without it (VISIT_FIRST) and one who did not agree (field absent) all join; the
 * statistics get one anonymous VISIT fact per answer (1 first, 2 returning) and nothing for the third, and the
 * fact holds no id of the client.
 */
class VisitWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void theDevicesAnswerBecomesAnAnonymousFactOnlyWhenGiven(String encoding) throws Exception {
        Organisation org = server.organisation("visits");
        OfficeHour oh = server.alwaysOpenOfficeHour(org, "inloop",
                server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL));
        try (WsPeer pro = server.connect(otherEncoding(encoding), server.login(org, "anna"));
             WsPeer returning = server.connect(encoding, server.anonymous(org));
             WsPeer first = server.connect(encoding, server.anonymous(org));
             WsPeer declined = server.connect(encoding, server.anonymous(org))) {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder().setOfficeHourId(oh.getId())
                    .setOnDuty(true)));
            assertThat(join(returning, oh, Visit.VISIT_RETURNING).getAdmitted()).isTrue();
            assertThat(join(first, oh, Visit.VISIT_FIRST).getAdmitted()).isTrue();
            assertThat(join(declined, oh, null).getAdmitted()).isTrue();

            LocalDate today = LocalDate.ofInstant(server.clock().instant(), ZoneId.of(oh.getTimeZone()));
            var rows = server.server().store().statistics().rows(oh.getId(), today.minusDays(1), today.plusDays(1));
            assertThat(rows).filteredOn(r -> r.fact() == StatisticsLog.Fact.JOINED).hasSize(3);
            assertThat(rows).filteredOn(r -> r.fact() == StatisticsLog.Fact.VISIT)
                    .extracting(StatisticsLog.Row::value).containsExactlyInAnyOrder(2L, 1L);
        }
    }

    private static JoinQueueResult join(WsPeer client, OfficeHour oh, Visit visit) throws Exception {
        JoinQueue.Builder join = JoinQueue.newBuilder().setOfficeHourId(oh.getId()).setNickname("Sam")
                .setUseConsentDefault(true);
        if (visit != null) {
            join.setVisit(visit);
        }
        return client.call(ClientMessage.newBuilder().setJoinQueue(join)).getJoinQueueResult();
    }
}
