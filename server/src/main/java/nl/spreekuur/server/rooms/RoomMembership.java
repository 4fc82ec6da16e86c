package nl.spreekuur.server.rooms;

import java.time.Duration;
import java.time.Instant;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.MemberStatus;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.RoomMemberList;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.Tokens;
import nl.spreekuur.server.session.Nicknames;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Rooms.JoinRefusal;
import nl.spreekuur.server.store.Sessions;

/**
 * Becoming, being and ceasing to be a member. Joining turns an invite code and a nickname into a member credential:
 * a session token of kind ROOM_MEMBER (only its hash is stored), whose principal is a participant (role MEMBER) of
 * the room's conversation and nothing else. Leaving and removal end the membership, take the participant out of the
 * conversation (so every connection of theirs stops receiving it at once) and revoke the credential (its sockets
 * close with 1008 on every node).
 */
final class RoomMembership {
    /** How long a member credential lasts; the member keeps it on their device and comes back without the link. */
    static final Duration MEMBER_TTL = Duration.ofDays(180);
    static final int MAX_REASON = 500;

    /** What a successful join hands the new member. */
    record Joined(String token, Instant expiresAt, String principalId, String participantId, Rooms.Room room) {
    }

    /** An invite that did not make a member: why. */
    static final class Refused extends RuntimeException {
        private final JoinRefusal refusal;

        Refused(JoinRefusal refusal) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
        }

        JoinRefusal refusal() {
            return refusal;
        }
    }

    private final RoomContext ctx;

    RoomMembership(RoomContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Checks the nickname, then redeems the code in one store transaction (see {@link Rooms#redeem}); on refusal
     * the credential made for it is revoked at once and never handed out.
     */
    Joined join(String code, String rawNickname) {
        if (code == null || code.isBlank() || code.length() > 64) {
            throw RequestException.invalid("code is required");
        }
        String nickname = Nicknames.require(rawNickname);
        Rooms.Invite invite = ctx.store().rooms().inviteByCode(code)
                .orElseThrow(() -> new Refused(JoinRefusal.UNKNOWN_CODE));
        Rooms.Room room = ctx.store().rooms().byId(invite.roomId())
                .orElseThrow(() -> new Refused(JoinRefusal.UNKNOWN_CODE));
        Instant now = ctx.clock().instant();
        String token = Tokens.newToken();
        Sessions.Session session = ctx.store().sessions().create(Tokens.hash(token), Sessions.Kind.ROOM_MEMBER, null,
                room.organisationId(), now, now.plus(MEMBER_TTL));
        Rooms.JoinOutcome outcome = ctx.store().rooms().redeem(code, session.id(), nickname, now);
        if (!outcome.joined()) {
            ctx.store().sessions().revoke(session.id(), now);
            throw new Refused(outcome.refusal());
        }
        Conversations.Participant participant = ctx.conversations().join(room.conversationId(), session.id(),
                ParticipantRole.MEMBER, nickname);
        ctx.store().rooms().setParticipant(outcome.member().id(), participant.participantId());
        return new Joined(token, session.expiresAt(), session.id(), participant.participantId(), room);
    }

    /** A member leaves their room; the caller then revokes their credential. */
    void leave(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        Rooms.Member member = ctx.access().ownMember(principal, room)
                .orElseThrow(() -> RequestException.forbidden("only a member can leave the room"));
        end(room, member, MemberStatus.MEMBER_LEFT, LeaveReason.LEFT_VOLUNTARILY);
    }

    /** A moderator removes a member: membership, conversation and credential end together. */
    void remove(Principal principal, String roomId, String participantId, String reason) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        String why = requireReason(reason);
        Rooms.Member member = ctx.store().rooms().memberByParticipant(room.id(), participantId)
                .filter(Rooms.Member::isActive)
                .orElseThrow(() -> RequestException.notFound("member"));
        end(room, member, MemberStatus.MEMBER_REMOVED, LeaveReason.REMOVED_BY_MODERATOR);
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(ctx.clock().instant(), principal.id(),
                principal.displayName(), ModerationAction.REMOVE_MEMBER, participantId, why, null));
        Instant expires = ctx.store().sessions().byId(member.principalId()).map(Sessions.Session::expiresAt)
                .orElse(ctx.clock().instant().plus(MEMBER_TTL));
        ctx.revocations().revoke(member.principalId(), expires);
    }

    static final Duration MIN_MUTE = Duration.ofHours(1);
    static final Duration MAX_MUTE = Duration.ofDays(7);

    /**
     * A moderator mutes a member for 1 hour to 1 week (they keep reading; sending, typing, reacting are refused), or
     * lifts the mute (duration 0). Seen by moderators (member list, log) and by the member (the error on writing).
     */
    void mute(Principal principal, String roomId, String participantId, long durationSeconds, String reason) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        String why = requireReason(reason);
        if (durationSeconds != 0 && (durationSeconds < MIN_MUTE.toSeconds() || durationSeconds > MAX_MUTE.toSeconds())) {
            throw RequestException.invalid("duration_seconds: 0 (lift the mute) or " + MIN_MUTE.toSeconds() + ".."
                    + MAX_MUTE.toSeconds());
        }
        Rooms.Member member = ctx.store().rooms().memberByParticipant(room.id(), participantId)
                .filter(Rooms.Member::isActive)
                .orElseThrow(() -> RequestException.notFound("member"));
        Instant now = ctx.clock().instant();
        Instant until = durationSeconds == 0 ? null : now.plusSeconds(durationSeconds);
        ctx.store().rooms().setMutedUntil(member.id(), until);
        ctx.cache().muteChanged(member.principalId());
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(now, principal.id(), principal.displayName(),
                until == null ? ModerationAction.UNMUTE_MEMBER : ModerationAction.MUTE_MEMBER, participantId, why,
                until));
    }

    RoomMemberList members(Principal principal, String roomId, boolean includeFormer) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        RoomMemberList.Builder list = RoomMemberList.newBuilder();
        ctx.store().rooms().members(room.id(), includeFormer).forEach(m -> list.addMembers(RoomViews.member(m)));
        return list.build();
    }

    private void end(Rooms.Room room, Rooms.Member member, MemberStatus status, LeaveReason reason) {
        if (ctx.store().rooms().endMembership(member.id(), status, ctx.clock().instant())) {
            ctx.conversations().leave(room.conversationId(), member.principalId(), reason);
        }
    }

    static String requireReason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || Texts.length(why) > MAX_REASON) {
            throw RequestException.invalid("reason: 1.." + MAX_REASON + " characters");
        }
        return why;
    }
}
