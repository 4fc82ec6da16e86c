package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetInviteQr;
import nl.spreekuur.protocol.v1.InviteQr;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomInvite;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;

/**
 * An invite's QR code for a poster over real WebSockets, in both encodings: the SVG's dark modules are exactly
 * those of the invite link's QR code, only the room's moderators and org-admins get it, and the origin must be a
 * plain http(s) address.
 */
class InvitePosterWebSocketTest {
    private static final Pattern MODULE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");

    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();

    static ClientMessage.Builder qr(String inviteId, String origin) {
        return ClientMessage.newBuilder().setGetInviteQr(GetInviteQr.newBuilder().setInviteId(inviteId)
                .setOrigin(origin));
    }

    @BothEncodings
    void aModeratorGetsTheInviteLinkAsAQrCodeAndNobodyElseDoes(String encoding) throws Exception {
        RoomWorld w = new RoomWorld(server, "demo");
        RoomWorld other = new RoomWorld(server, "elders");
        try (WsPeer anna = w.staff(encoding, w.anna); WsPeer ada = w.staff(encoding, w.ada);
             WsPeer bram = w.staff(encoding, w.bram); WsPeer stranger = other.staff(encoding, other.anna);
             WsPeer anonymous = server.connect(encoding, server.anonymous(w.org))) {
            Room room = RoomWorld.saved(anna, RoomWorld.room("Mantelzorgers", w.anna.id()));
            RoomInvite invite = RoomWorld.multiUseInvite(anna, room);
            InviteQr answer = anna.call(qr(invite.getId(), "https://spreekuur.example.nl/")).getInviteQr();
            String link = "https://spreekuur.example.nl/g/" + invite.getCode();
            assertThat(answer.getLink()).isEqualTo(link);
            assertThat(answer.getSvg()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>");

            QrCode expected = QrCode.encodeText(link, QrCode.Ecc.MEDIUM);
            assertThat(answer.getSvg()).contains("viewBox=\"0 0 " + (expected.size + 8) + " " + (expected.size + 8) + "\"");
            Set<String> dark = new HashSet<>();
            Matcher m = MODULE.matcher(answer.getSvg());
            while (m.find()) {
                dark.add((Integer.parseInt(m.group(1)) - 4) + "," + (Integer.parseInt(m.group(2)) - 4));
            }
            Set<String> wanted = new HashSet<>();
            for (int y = 0; y < expected.size; y++) {
                for (int x = 0; x < expected.size; x++) {
                    if (expected.getModule(x, y)) {
                        wanted.add(x + "," + y);
                    }
                }
            }
            assertThat(dark).isEqualTo(wanted);
            assertThat(ada.call(qr(invite.getId(), "http://localhost:8080")).getInviteQr().getLink())
                    .isEqualTo("http://localhost:8080/g/" + invite.getCode());

            for (String bad : new String[] {"", "javascript:alert(1)", "https://x.nl/pad", "https://x.nl?q=1",
                    "ftp://x.nl", "https://user@x.nl"}) {
                assertThat(anna.callForError(qr(invite.getId(), bad))).as(bad).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
            assertThat(anna.callForError(qr("", "https://x.nl"))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(anna.callForError(qr("no-such-invite", "https://x.nl"))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bram.callForError(qr(invite.getId(), "https://x.nl"))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(stranger.callForError(qr(invite.getId(), "https://x.nl"))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(anonymous.callForError(qr(invite.getId(), "https://x.nl"))).isEqualTo(ErrorCode.NOT_FOUND);
            RoomWorld.Joined els = w.join(invite.getCode(), "Els");
            try (WsPeer member = w.connect(encoding, els)) {
                assertThat(member.callForError(qr(invite.getId(), "https://x.nl"))).isEqualTo(ErrorCode.FORBIDDEN);
            }
        }
    }
}
