package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.server.officehours.OfficeHourDemo;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@code --demo} with the production services: {@link Services#seedDemo} leaves an office hour that is open and
 * accepting, with the demo professional on duty, so a newcomer can play client and professional at once.
 */
class ServicesDemoTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();
    private DemoSetup.Result demo;

    @BeforeEach
    void setUp() {
        demo = DemoSetup.run(server.server().context(), Services::seedDemo);
    }

    @BothEncodings
    void demoOfficeHourIsOpenAndAcceptingWithTheDemoProfessionalOnDuty(String encoding) throws Exception {
        assertThat(demo.lines()).anySatisfy(line -> assertThat(line)
                .endsWith("s/" + DemoSetup.ORGANISATION + "/" + OfficeHourDemo.OPEN_SLUG));
        OfficeHourStatus open = publicStatus(OfficeHourDemo.OPEN_SLUG);
        assertThat(open.getOpen()).isTrue();
        assertThat(open.getAccepting()).isTrue();
        assertThat(open.getProfessionalsOnDuty()).isEqualTo(1);
        assertThat(publicStatus(OfficeHourDemo.EVENING_SLUG).getOpen()).isFalse();
        assertThat(demo.lines()).as("the STUN URL for video calls is printed").anySatisfy(line -> assertThat(line)
                .startsWith("Video, STUN:       "));

        String token = server.login(DemoSetup.ORGANISATION, DemoSetup.PROFESSIONAL, demo.password());
        try (WsPeer pro = server.connect(encoding, token);
             WsPeer client = server.connect(ServicesTestServer.otherEncoding(encoding),
                     server.anonymous(demo.organisation()))) {
            assertThat(pro.helloOk().getOnDutyOfficeHourIdsList()).containsExactly(open.getOfficeHourId());
            // on duty from the start: the queue view comes without SetDuty
            pro.await("QueueView", m -> m.hasQueueView());
            assertThat(client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(OfficeHourDemo.OPEN_SLUG).setNickname("Sam"))).getJoinQueueResult()
                    .getAdmitted()).isTrue();
            pro.await("QueueView with Sam", m -> m.hasQueueView() && m.getQueueView().getWaitingCount() == 1);
            // the demo professional may also serve the evening office hour
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder()
                    .setOfficeHourId(OfficeHourDemo.EVENING_SLUG).setOnDuty(true)));
        }
    }

    @BothEncodings
    void demoOfficeHourStaysOpenAcrossMidnightAndTheWeekEnd(String encoding) throws Exception {
        // Sunday 23:59 and Monday 00:01 in Amsterdam: the two touching slots a day make one opening
        for (String instant : new String[] {"2026-11-29T22:59:00Z", "2026-11-29T23:01:00Z", "2026-11-24T11:00:00Z"}) {
            server.clock().set(Instant.parse(instant));
            assertThat(publicStatus(OfficeHourDemo.OPEN_SLUG).getOpen()).as(instant).isTrue();
        }
        try (WsPeer client = server.connect(encoding, server.anonymous(demo.organisation()))) {
            assertThat(client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(OfficeHourDemo.OPEN_SLUG).setNickname("Sam"))).getJoinQueueResult()
                    .getAdmitted()).isTrue();
        }
    }

    @BothEncodings
    void demoGroupRoomIsModeratedByTheDemoProfessionalHasPastMessagesAndItsPrintedLinkJoins(String encoding)
            throws Exception {
        String line = demo.lines().stream().filter(l -> l.startsWith("Group room invite: ")).findFirst().orElseThrow();
        String code = line.substring(line.indexOf("g/") + 2, line.indexOf("  ("));
        assertThat(line).startsWith("Group room invite: " + DemoSeeder.BASE_URL + "g/").endsWith("(Mantelzorgers Noord)");
        // a second start reuses the room and its invite
        DemoSetup.Result again = DemoSetup.run(server.server().context(), Services::seedDemo);
        assertThat(again.lines()).contains(line);
        assertThat(server.server().store().rooms().byOrganisation(demo.organisation().id())).hasSize(1);
        String roomId = server.server().store().rooms().byOrganisation(demo.organisation().id()).get(0).id();
        assertThat(server.server().store().roomPeople().upcomingMeetings(roomId, server.clock().instant()))
                .as("the next meeting, once however often the demo starts").singleElement()
                .satisfies(m -> assertThat(m.location()).contains("De Linde"));

        ServicesTestServer.HttpAnswer joined = server.post("/api/rooms/join",
                nl.spreekuur.server.http.Json.write(java.util.Map.of("code", code, "nickname", "Sanne", "acceptHouseRules", true)));
        assertThat(joined.status()).isEqualTo(200);
        String token = (String) joined.json().get("token");
        String proToken = server.login(DemoSetup.ORGANISATION, DemoSetup.PROFESSIONAL, again.password());
        try (WsPeer member = server.connect(encoding, token);
             WsPeer pro = server.connect(ServicesTestServer.otherEncoding(encoding), proToken)) {
            String conversation = member.helloOk().getActive(0).getConversationId();
            assertThat(pro.helloOk().getActiveList()).anySatisfy(item ->
                    assertThat(item.getConversationId()).isEqualTo(conversation));
            nl.spreekuur.protocol.v1.SubscribeResult sub = pro.subscribe(conversation, 0, "");
            assertThat(sub.getYourRole()).isEqualTo(nl.spreekuur.protocol.v1.ParticipantRole.MODERATOR);
            assertThat(sub.getParticipantsList()).extracting(p -> p.getDisplayName())
                    .containsExactly(DemoSetup.PROFESSIONAL_NAME, "Ria", "Henk", "Sanne");
            assertThat(member.call(ClientMessage.newBuilder().setGetHistory(nl.spreekuur.protocol.v1.GetHistory
                    .newBuilder().setConversationId(conversation))).getHistory().getEventsList())
                    .filteredOn(e -> e.hasRoomMessage()).hasSize(4);
            member.sendText(conversation, "s-1", "Hallo allemaal, ik ben Sanne.");
        }
    }

    private OfficeHourStatus publicStatus(String slug) throws Exception {
        ServicesTestServer.HttpAnswer answer = server.get(
                "/api/public/organisations/" + DemoSetup.ORGANISATION + "/office-hours/" + slug);
        assertThat(answer.status()).isEqualTo(200);
        OfficeHourStatus.Builder status = OfficeHourStatus.newBuilder();
        JsonFormat.parser().merge(answer.body(), status);
        return status.build();
    }
}
