package nl.spreekuur.server.rooms;

import io.nayuki.qrcodegen.QrCode;
import java.net.URI;
import java.net.URISyntaxException;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.InviteQr;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Rooms;

/**
 * An invite's link as a QR code for a poster in the community centre, drawn on the server as SVG with
 * io.nayuki:qrcodegen (the encoding, error correction and mask choice are the library's; here only the drawing).
 */
final class InvitePosters {
    static final int QUIET_ZONE = 4;
    static final int MAX_ORIGIN = 200;

    private final RoomContext ctx;

    InvitePosters(RoomContext ctx) {
        this.ctx = ctx;
    }

    InviteQr qr(Principal principal, String inviteId, String origin) {
        if (inviteId.isEmpty()) {
            throw RequestException.invalid("invite_id is required");
        }
        Rooms.Invite invite = ctx.store().rooms().inviteById(inviteId)
                .orElseThrow(() -> RequestException.notFound("invite"));
        try {
            ctx.access().managed(principal, invite.roomId());
        } catch (RequestException e) {
            throw e.code() == ErrorCode.FORBIDDEN ? e : RequestException.notFound("invite");
        }
        String link = validOrigin(origin) + "/g/" + invite.code();
        return InviteQr.newBuilder().setInviteId(invite.id()).setLink(link).setSvg(svg(link)).build();
    }

    /** http(s)://host[:port], nothing else; INVALID_ARGUMENT otherwise. */
    static String validOrigin(String origin) {
        String o = origin == null ? "" : origin.strip();
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        try {
            URI uri = new URI(o);
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (o.length() <= MAX_ORIGIN && web && uri.getHost() != null && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return o;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw RequestException.invalid("origin: http(s)://host[:port]");
    }

    /** The link as a QR code (error correction level M), one path of dark modules on a white square. */
    static String svg(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
    }
}
