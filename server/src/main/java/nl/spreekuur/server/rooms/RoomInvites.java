package nl.spreekuur.server.rooms;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import nl.spreekuur.protocol.v1.CreateInvite;
import nl.spreekuur.protocol.v1.InviteList;
import nl.spreekuur.protocol.v1.RoomInvite;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Rooms;

/**
 * Invite codes, managed by the room's moderators and org-admins. A code is 16 random bytes (base64url, 22
 * characters): unguessable, so the link itself is the invitation.
 */
final class RoomInvites {
    static final int MAX_USES = 10_000;
    static final int MAX_LABEL = 80;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoomContext ctx;

    RoomInvites(RoomContext ctx) {
        this.ctx = ctx;
    }

    RoomInvite create(Principal principal, CreateInvite request) {
        Rooms.Room room = ctx.access().managed(principal, request.getRoomId());
        if (request.getMaxUses() < 0 || request.getMaxUses() > MAX_USES) {
            throw RequestException.invalid("max_uses: 0 (unlimited) or 1.." + MAX_USES);
        }
        if (request.getSingleUse() && request.getMaxUses() > 1) {
            throw RequestException.invalid("max_uses: a single-use invite has one use");
        }
        Instant now = ctx.clock().instant();
        Instant expiresAt = null;
        if (request.hasExpiresAt()) {
            expiresAt = ProtoTime.toInstant(request.getExpiresAt());
            if (!expiresAt.isAfter(now)) {
                throw RequestException.invalid("expires_at: must be in the future");
            }
        }
        String label = request.getLabel().strip();
        if (Texts.length(label) > MAX_LABEL) {
            throw RequestException.invalid("label: at most " + MAX_LABEL + " characters");
        }
        int maxUses = request.getSingleUse() ? 1 : request.getMaxUses();
        return RoomViews.invite(ctx.store().rooms().createInvite(new Rooms.Invite(null, room.id(), newCode(),
                request.getSingleUse(), maxUses, 0, expiresAt, null, label, principal.id(), now)));
    }

    InviteList list(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        InviteList.Builder list = InviteList.newBuilder();
        ctx.store().rooms().invites(room.id()).forEach(invite -> list.addInvites(RoomViews.invite(invite)));
        return list.build();
    }

    /** Revoking twice is fine (the second changes nothing). */
    void revoke(Principal principal, String inviteId) {
        if (inviteId.isEmpty()) {
            throw RequestException.invalid("invite_id is required");
        }
        Rooms.Invite invite = ctx.store().rooms().inviteById(inviteId)
                .orElseThrow(() -> RequestException.notFound("invite"));
        try {
            ctx.access().managed(principal, invite.roomId());
        } catch (RequestException e) {
            // An invite of a room the principal cannot see does not exist for them.
            throw e.code() == nl.spreekuur.protocol.v1.ErrorCode.FORBIDDEN ? e : RequestException.notFound("invite");
        }
        ctx.store().rooms().revokeInvite(invite.id(), ctx.clock().instant());
    }

    static String newCode() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
