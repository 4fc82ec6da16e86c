package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Issue 13: look-alike, role-word and invisible-character nicknames are refused; the stored one is NFC. */
class NicknameWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    @Test
    void nicknamesAreCheckedWhenJoiningAndLeavingAnOfflineMessage() throws Exception {
        Organisation org = server.organisation("demo");
        var anna = server.staff(org, "anna", "Anna", Role.PROFESSIONAL);
        OfficeHour oh = server.alwaysOpenOfficeHour(org, "inloop", anna);
        try (WsPeer pro = server.connect(TestWsClient.PROTO, server.login(org, "anna"));
             WsPeer client = server.connect(TestWsClient.JSON, server.anonymous(org))) {
            pro.callForAck(Requests.duty(oh.getId(), true));
            for (String bad : new String[] {"Нulpverlener", "Sam\u202Enimda", "Sa\u200Bm", "m0derat0r"}) {
                ServerMessage answer = client.call(Requests.join(oh.getId(), bad, "vraag"));
                assertThat(answer.getError().getCode()).as(bad).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(answer.getError().getMessage()).isIn("nickname is reserved",
                        "nickname contains characters that are not allowed");
            }
            assertThat(client.callForError(Requests.offlineMessage(oh.getId(), "Beheerder", "hallo", "")))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            ServerMessage joined = client.call(Requests.join(oh.getId(), "Zoe\u0308", "vraag"));
            assertThat(joined.getJoinQueueResult().getAdmitted()).isTrue();
            String entryId = joined.getJoinQueueResult().getStatus().getQueueEntryId();
            assertThat(server.server().store().queue().byId(entryId).orElseThrow().nickname()).isEqualTo("Zoë");
        }
    }
}
