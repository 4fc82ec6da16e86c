package nl.spreekuur.server.officehours;

import static nl.spreekuur.server.testsupport.ServicesTestServer.otherEncoding;
import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.LeaveQueue;
import nl.spreekuur.protocol.v1.ListOfficeHours;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.SaveOfficeHour;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.Supervise;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * Authorisation as a client sees it on the wire: another client cannot read or write someone's chat (FORBIDDEN),
 * staff of another organisation do not even learn it exists (NOT_FOUND), office-hour definitions are for
 * org-admins, and an invalid schedule is refused with INVALID_ARGUMENT without saving anything.
 */
class OfficeHourAccessWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @BothEncodings
    void anotherClientCannotReadOrWriteTheChat(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, otherEncoding(encoding), otherEncoding(encoding));
             WsPeer stranger = server.connect(encoding, server.anonymous(chat.org()))) {
            String id = chat.conversationId();
            assertThat(stranger.callForError(subscribe(id))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(send(id))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(ClientMessage.newBuilder().setGetHistory(
                    GetHistory.newBuilder().setConversationId(id)))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(ClientMessage.newBuilder().setEndChat(
                    EndChat.newBuilder().setConversationId(id)))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(ClientMessage.newBuilder().setLeaveQueue(
                    LeaveQueue.newBuilder().setQueueEntryId(chat.queueEntryId())))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(stranger.callForError(ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder()
                    .setOfficeHourId(chat.officeHour().getId()).setOnDuty(true)))).isEqualTo(ErrorCode.FORBIDDEN);
            // the chat went on untouched
            assertThat(server.server().store().conversations().byId(id).orElseThrow().open()).isTrue();
            assertThat(stranger.unclaimed()).noneMatch(m -> m.hasEvent());
        }
    }

    @BothEncodings
    void staffOfAnotherOrganisationGetNotFound(String encoding) throws Exception {
        try (OpenChat chat = OpenChat.open(server, otherEncoding(encoding), otherEncoding(encoding))) {
            Organisation elsewhere = server.organisation("elders");
            server.staff(elsewhere, "olga", "Olga", Role.PROFESSIONAL, Role.SUPERVISOR, Role.ORG_ADMIN);
            try (WsPeer outsider = server.connect(encoding, server.login(elsewhere, "olga"))) {
                String id = chat.conversationId();
                String officeHour = chat.officeHour().getId();
                assertThat(outsider.callForError(subscribe(id))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.callForError(send(id))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.callForError(ClientMessage.newBuilder().setSupervise(
                        Supervise.newBuilder().setConversationId(id)))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.callForError(ClientMessage.newBuilder().setSetDuty(
                        SetDuty.newBuilder().setOfficeHourId(officeHour).setOnDuty(true))))
                        .isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.callForError(ClientMessage.newBuilder().setClaimClient(
                        ClaimClient.newBuilder().setOfficeHourId(officeHour)))).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.callForError(ClientMessage.newBuilder().setSaveOfficeHour(SaveOfficeHour
                        .newBuilder().setOfficeHour(chat.officeHour().toBuilder().setName("Overgenomen")))))
                        .isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(outsider.call(ClientMessage.newBuilder().setListOfficeHours(
                        ListOfficeHours.getDefaultInstance())).getOfficeHourList().getOfficeHoursList()).isEmpty();
            }
            assertThat(server.server().store().officeHours().byId(chat.officeHour().getId()).orElseThrow().getName())
                    .isEqualTo(chat.officeHour().getName());
        }
    }

    @BothEncodings
    void onlyOrgAdminsSaveOfficeHoursAndOnlyValidOnes(String encoding) throws Exception {
        Organisation org = server.organisation("demo");
        server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL, Role.SUPERVISOR);
        server.staff(org, "ada", "Ada Admin", Role.ORG_ADMIN);
        OfficeHour wanted = OfficeHour.newBuilder().setSlug("jongeren").setName("Jongerenspreekuur")
                .setTimeZone("Europe/Amsterdam")
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.WEDNESDAY).setStart("14:00").setEnd("16:00"))
                .build();
        try (WsPeer pro = server.connect(encoding, server.login(org, "anna"));
             WsPeer admin = server.connect(otherEncoding(encoding), server.login(org, "ada"))) {
            assertThat(pro.callForError(save(wanted))).isEqualTo(ErrorCode.FORBIDDEN);

            OfficeHour overlapping = wanted.toBuilder()
                    .addSlots(WeeklySlot.newBuilder().setDay(Weekday.WEDNESDAY).setStart("15:00").setEnd("17:00"))
                    .build();
            assertThat(admin.callForError(save(overlapping))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            OfficeHour badZone = wanted.toBuilder().setTimeZone("Europe/Atlantis").build();
            assertThat(admin.callForError(save(badZone))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(server.server().store().officeHours().byOrganisation(org.id())).isEmpty();

            OfficeHour saved = admin.call(save(wanted)).getOfficeHour();
            assertThat(saved.getId()).isNotEmpty();
            assertThat(saved.getOrganisationId()).isEqualTo(org.id());
            assertThat(saved.getReconnectGraceSeconds()).isEqualTo(OfficeHourValidator.DEFAULT_RECONNECT_GRACE_SECONDS);
            assertThat(pro.call(ClientMessage.newBuilder().setListOfficeHours(ListOfficeHours.getDefaultInstance()))
                    .getOfficeHourList().getOfficeHoursList()).extracting(OfficeHour::getSlug)
                    .containsExactly("jongeren");
        }
    }

    private static ClientMessage.Builder subscribe(String conversationId) {
        return ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setConversationId(conversationId));
    }

    private static ClientMessage.Builder send(String conversationId) {
        return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(conversationId)
                .setClientMsgId("x-1").setText("Mag ik meelezen?"));
    }

    private static ClientMessage.Builder save(OfficeHour officeHour) {
        return ClientMessage.newBuilder().setSaveOfficeHour(SaveOfficeHour.newBuilder().setOfficeHour(officeHour));
    }
}
