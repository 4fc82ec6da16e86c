package nl.spreekuur.server.rooms;

import java.time.Instant;
import nl.spreekuur.protocol.v1.RoomSafety;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Rooms;

/** A room's safety as its reader may see it, and a member's acceptance of the house rules. */
final class RoomSafetyView {
    private final RoomContext ctx;
    private final RoomSafetySettings settings;
    private final RoomGuard guard;

    RoomSafetyView(RoomContext ctx, RoomSafetySettings settings, RoomGuard guard) {
        this.ctx = ctx;
        this.settings = settings;
        this.guard = guard;
    }

    /** Staff of the organisation and the room's members; counts for moderators, own flags for a member. */
    RoomSafety get(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        RoomSafetySettings.Compiled safety = settings.of(room.id());
        Instant now = ctx.clock().instant();
        RoomSafety.Builder view = safety.settings().toBuilder().setRoomId(room.id())
                .setEffectiveHouseRules(settings.houseRules(room)).setModeratedNow(safety.moderatedAt(now))
                .setQuietNow(safety.quietAt(now)).setHelp(settings.help(room.organisationId()))
                .setReportHoldThreshold(RoomReports.HOLD_THRESHOLD);
        if (principal.isRoomMember()) {
            ctx.access().ownMember(principal, room).ifPresent(member -> {
                String participant = member.participantId();
                view.setHouseRulesAccepted(settings.member(room.id(), participant)
                        .map(m -> m.rulesAcceptedAt() != null).orElse(false));
                ctx.store().conversations().participant(room.conversationId(), principal.id())
                        .ifPresent(p -> view.setOnHold(guard.holds(room, p)));
            });
        } else if (RoomAccess.mayManage(principal, room)) {
            view.setOpenReports(ctx.store().roomSafeguards().openReports(room.id()))
                    .setHeldMessages(ctx.store().roomSafeguards().heldCount(room.id()));
        }
        return view.build();
    }

    void accept(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        Rooms.Member member = ctx.access().ownMember(principal, room)
                .orElseThrow(() -> RequestException.forbidden("only members accept the house rules"));
        ctx.store().roomSafeguards().acceptRules(room.id(), member.participantId(), ctx.clock().instant());
        settings.memberChanged(room.id(), member.participantId());
    }
}
