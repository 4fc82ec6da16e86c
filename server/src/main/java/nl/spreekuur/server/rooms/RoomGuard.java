package nl.spreekuur.server.rooms;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.UnattendedMode;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations.Participant;
import nl.spreekuur.server.store.RoomSafeguards;
import nl.spreekuur.server.store.Rooms;

/**
 * The safety rules of writing in a room, for members (moderators are never held back by them): house rules
 * accepted before the first write, quiet hours, a read-only unattended room, and whether a message waits for
 * review (outside the moderation hours in a holding room, or while reports put the member on hold).
 */
final class RoomGuard {
    /** A member who joined less than this long ago is "new" for {@code UNATTENDED_HOLD_NEW_MEMBERS}. */
    static final Duration NEW_MEMBER = Duration.ofDays(7);

    private final RoomContext ctx;
    private final RoomSafetySettings settings;

    RoomGuard(RoomContext ctx, RoomSafetySettings settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    /** Called for every write of a participant (message, typing, reaction, edit...) after the room's own rules. */
    void checkWrite(Rooms.Room room, Participant writer) {
        if (writer.role() != ParticipantRole.MEMBER) {
            return;
        }
        boolean accepted = settings.member(room.id(), writer.participantId())
                .map(RoomSafeguards.MemberSafety::rulesAcceptedAt).isPresent();
        if (!accepted) {
            throw RequestException.forbidden("accept the house rules first");
        }
        Instant now = ctx.clock().instant();
        RoomSafetySettings.Compiled safety = settings.of(room.id());
        if (safety.quietAt(now)) {
            throw new RequestException(ErrorCode.CLOSED, "quiet hours (read-only for members)");
        }
        if (safety.settings().getUnattendedMode() == UnattendedMode.UNATTENDED_READ_ONLY && !safety.moderatedAt(now)) {
            throw new RequestException(ErrorCode.CLOSED, "no moderator around (read-only for members)");
        }
    }

    /** A plain SendMessage cannot be held: refused while this member's messages wait for review. */
    void checkPlainText(Rooms.Room room, Participant writer) {
        if (holds(room, writer)) {
            throw RequestException.conflict("messages wait for review now: send them with SendRoomMessage");
        }
    }

    /** Whether a message of this participant waits for a moderator now. */
    boolean holds(Rooms.Room room, Participant writer) {
        if (writer.role() != ParticipantRole.MEMBER) {
            return false;
        }
        if (onHold(room.id(), writer.participantId())) {
            return true;
        }
        Instant now = ctx.clock().instant();
        RoomSafetySettings.Compiled safety = settings.of(room.id());
        if (safety.moderatedAt(now)) {
            return false;
        }
        return switch (safety.settings().getUnattendedMode()) {
            case UNATTENDED_HOLD_ALL -> true;
            case UNATTENDED_HOLD_NEW_MEMBERS -> ctx.store().rooms().memberByPrincipal(writer.principalId())
                    .map(m -> m.joinedAt().isAfter(now.minus(NEW_MEMBER))).orElse(true);
            default -> false;
        };
    }

    /** Put on hold by reports and not lifted yet. */
    boolean onHold(String roomId, String participantId) {
        return settings.member(roomId, participantId).map(RoomSafeguards.MemberSafety::heldSince).isPresent();
    }
}
