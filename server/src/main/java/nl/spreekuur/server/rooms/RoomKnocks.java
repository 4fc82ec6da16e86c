package nl.spreekuur.server.rooms;

import java.time.Instant;
import nl.spreekuur.protocol.v1.AnswerKnock;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Knock;
import nl.spreekuur.protocol.v1.KnockLink;
import nl.spreekuur.protocol.v1.KnockList;
import nl.spreekuur.protocol.v1.ModerationAction;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetKnockLink;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.Tokens;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.Nicknames;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Sessions;

/**
 * Knocking on a closed group. A room's moderators turn on a knock link ({@code /g/k/<code>}); whoever opens it asks
 * to join with a nickname and gets a member credential at once (a ROOM_MEMBER session) that opens nothing until a
 * moderator approves: then they become a member as if they had used an invite (participant MEMBER of the room's
 * conversation, history from their join where the room says so) and their connections are told ({@code knock}
 * push). A refusal is told the same way and then revokes the credential. The room's moderators see every new and
 * every decided knock live ({@code knock} pushes). The knock page shows the room's house rules; a person who accepts
 * them while knocking has that acceptance kept with the knock and carried over on approval, so the room does not ask
 * again. A decided knock is deleted by retention ({@link RoomPeopleRetention}); an approved person's own knock is
 * then answered from their membership.
 */
final class RoomKnocks {
    /** Pending knocks a room holds at most; more are refused with LIMIT_REACHED until a moderator decides. */
    static final int MAX_PENDING = 50;

    /** What knocking hands the person. */
    record Knocked(String token, Instant expiresAt, String principalId, RoomPeople.Knock knock, Rooms.Room room) {
    }

    private final RoomContext ctx;
    private final Hub hub;
    private final RoomSafetySettings safety;

    RoomKnocks(RoomContext ctx, Hub hub, RoomSafetySettings safety) {
        this.ctx = ctx;
        this.hub = hub;
        this.safety = safety;
    }

    private RoomPeople people() {
        return ctx.store().roomPeople();
    }

    KnockList list(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        KnockList.Builder list = KnockList.newBuilder()
                .setLink(PeopleViews.link(room.id(), people().knockLink(room.id()).orElse(null)));
        people().pendingKnocks(room.id()).forEach(k -> list.addKnocks(PeopleViews.knock(k, room.name())));
        return list.build();
    }

    /** A new code each time it is enabled (the previous one stops working); disabling removes it. */
    KnockLink setLink(Principal principal, SetKnockLink request) {
        Rooms.Room room = ctx.access().managed(principal, request.getRoomId());
        if (!request.getEnabled()) {
            people().removeKnockLink(room.id());
            return PeopleViews.link(room.id(), null);
        }
        return PeopleViews.link(room.id(), people().setKnockLink(room.id(), RoomInvites.newCode(),
                ctx.clock().instant()));
    }

    /** The knocking person's own knock; NOT_FOUND for anyone else. */
    Knock mine(Principal principal) {
        if (!principal.isRoomMember()) {
            throw RequestException.notFound("knock");
        }
        var found = people().knockByPrincipal(principal.id());
        if (found.isEmpty()) {
            return purgedButAdmitted(principal).orElseThrow(() -> RequestException.notFound("knock"));
        }
        RoomPeople.Knock knock = found.get();
        Rooms.Room room = ctx.store().rooms().byId(knock.roomId()).orElseThrow(() -> RequestException.notFound("knock"));
        return withMembership(PeopleViews.ownKnock(knock, room.name()), knock, room);
    }

    /**
     * A knock deleted by retention after its approval: the person is a member (who joined through no invite), so
     * their knock is answered as approved from the membership (without the decision's details).
     */
    private java.util.Optional<Knock> purgedButAdmitted(Principal principal) {
        return ctx.store().rooms().memberByPrincipal(principal.id())
                .filter(m -> m.isActive() && m.inviteId() == null && m.participantId() != null)
                .flatMap(m -> ctx.store().rooms().byId(m.roomId()).map(room -> Knock.newBuilder()
                        .setRoomId(room.id()).setNickname(m.nickname())
                        .setState(nl.spreekuur.protocol.v1.KnockState.KNOCK_APPROVED)
                        .setConversationId(room.conversationId()).setParticipantId(m.participantId())
                        .setRoomName(room.name()).build()));
    }

    /** The house rules the knock page shows (the same text the room gate shows). */
    String houseRules(Rooms.Room room) {
        return safety.houseRules(room);
    }

    /** The room a knock code opens, if knocking is possible now; a {@link RoomMembership.Refused} otherwise. */
    Rooms.Room knockable(String code) {
        if (code == null || code.isBlank() || code.length() > 64) {
            throw new RoomMembership.Refused(Rooms.JoinRefusal.UNKNOWN_CODE);
        }
        RoomPeople.KnockLink link = people().knockLinkByCode(code)
                .orElseThrow(() -> new RoomMembership.Refused(Rooms.JoinRefusal.UNKNOWN_CODE));
        Rooms.Room room = ctx.store().rooms().byId(link.roomId())
                .orElseThrow(() -> new RoomMembership.Refused(Rooms.JoinRefusal.UNKNOWN_CODE));
        if (room.state() == RoomState.ROOM_CLOSED) {
            throw new RoomMembership.Refused(Rooms.JoinRefusal.ROOM_CLOSED);
        }
        if (ctx.store().rooms().memberCount(room.id()) >= room.memberLimit()) {
            throw new RoomMembership.Refused(Rooms.JoinRefusal.ROOM_FULL);
        }
        return room;
    }

    /**
     * Someone knocks with a nickname: a pending knock and a credential that opens nothing yet.
     *
     * @param acceptedRules the person accepted the house rules shown on the knock page
     */
    Knocked knock(String code, String rawNickname, boolean acceptedRules) {
        String nickname = Nicknames.require(rawNickname);
        Rooms.Room room = knockable(code);
        if (people().pendingKnockCount(room.id()) >= MAX_PENDING) {
            throw new RequestException(ErrorCode.LIMIT_REACHED, "too many people are waiting to be let in");
        }
        Instant now = ctx.clock().instant();
        String token = Tokens.newToken();
        Sessions.Session session = ctx.store().sessions().create(Tokens.hash(token), Sessions.Kind.ROOM_MEMBER, null,
                room.organisationId(), now, now.plus(RoomMembership.MEMBER_TTL));
        RoomPeople.Knock knock = people().addKnock(room.id(), session.id(), nickname, acceptedRules ? now : null,
                now);
        tellModerators(room, PeopleViews.knock(knock, room.name()));
        return new Knocked(token, session.expiresAt(), session.id(), knock, room);
    }

    /** A moderator decides; the second decision of the same knock is CONFLICT. */
    Knock answer(Principal principal, AnswerKnock request) {
        if (request.getKnockId().isEmpty()) {
            throw RequestException.invalid("knock_id is required");
        }
        RoomPeople.Knock knock = people().knock(request.getKnockId())
                .orElseThrow(() -> RequestException.notFound("knock"));
        Rooms.Room room;
        try {
            room = ctx.access().managed(principal, knock.roomId());
        } catch (RequestException e) {
            throw e.code() == ErrorCode.FORBIDDEN ? e : RequestException.notFound("knock");
        }
        Instant now = ctx.clock().instant();
        return request.getApprove() ? approve(principal, room, knock, now) : refuse(principal, room, knock, now);
    }

    private Knock approve(Principal principal, Rooms.Room room, RoomPeople.Knock knock, Instant now) {
        RoomPeople.Admitted admitted = people().approveKnock(knock.id(), principal.displayName(), now);
        if (admitted.refusal() != null) {
            throw switch (admitted.refusal()) {
                case NOT_PENDING -> RequestException.conflict("the knock was already answered");
                case ROOM_FULL -> new RequestException(ErrorCode.LIMIT_REACHED, "the room is full");
                case ROOM_CLOSED -> new RequestException(ErrorCode.CLOSED, "the room is closed");
            };
        }
        Conversations.Participant participant = ctx.conversations().join(room.conversationId(), knock.principalId(),
                ParticipantRole.MEMBER, knock.nickname());
        ctx.store().rooms().setParticipant(admitted.member().id(), participant.participantId());
        if (knock.rulesAcceptedAt() != null) {
            // accepted on the knock page: the room gate does not ask again
            ctx.store().roomSafeguards().acceptRules(room.id(), participant.participantId(), knock.rulesAcceptedAt());
            safety.memberChanged(room.id(), participant.participantId());
        }
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(now, principal.id(), principal.displayName(),
                ModerationAction.APPROVE_KNOCK, participant.participantId(), "", null));
        RoomPeople.Knock decided = people().knock(knock.id()).orElseThrow();
        hub.pushToPrincipal(knock.principalId(), ServerMessage.newBuilder().setKnock(PeopleViews.ownKnock(decided,
                room.name()).toBuilder().setConversationId(room.conversationId())
                .setParticipantId(participant.participantId())).build());
        Knock view = PeopleViews.knock(decided, room.name());
        tellModerators(room, view);
        return view;
    }

    private Knock refuse(Principal principal, Rooms.Room room, RoomPeople.Knock knock, Instant now) {
        if (!people().refuseKnock(knock.id(), principal.displayName(), now)) {
            throw RequestException.conflict("the knock was already answered");
        }
        ctx.store().rooms().log(room.id(), new Rooms.LogEntry(now, principal.id(), principal.displayName(),
                ModerationAction.REFUSE_KNOCK, "", "", null));
        RoomPeople.Knock decided = people().knock(knock.id()).orElseThrow();
        // told before the credential is revoked: this node's sockets directly (the close follows in their outbox),
        // other nodes' through the broker
        ServerMessage told = ServerMessage.newBuilder().setKnock(PeopleViews.ownKnock(decided, room.name())).build();
        hub.sessions().ofTokenSession(knock.principalId()).forEach(session -> session.send(told));
        hub.pushToPrincipal(knock.principalId(), told);
        Instant expires = ctx.store().sessions().byId(knock.principalId()).map(Sessions.Session::expiresAt)
                .orElse(now.plus(RoomMembership.MEMBER_TTL));
        ctx.revocations().revoke(knock.principalId(), expires);
        Knock view = PeopleViews.knock(decided, room.name());
        tellModerators(room, view);
        return view;
    }

    private Knock withMembership(Knock view, RoomPeople.Knock knock, Rooms.Room room) {
        if (view.getState() != nl.spreekuur.protocol.v1.KnockState.KNOCK_APPROVED) {
            return view;
        }
        return ctx.store().rooms().memberByPrincipal(knock.principalId()).filter(Rooms.Member::isActive)
                .map(m -> view.toBuilder().setConversationId(room.conversationId())
                        .setParticipantId(m.participantId() == null ? "" : m.participantId()).build())
                .orElse(view);
    }

    private void tellModerators(Rooms.Room room, Knock view) {
        ServerMessage push = ServerMessage.newBuilder().setKnock(view).build();
        room.moderatorIds().forEach(id -> hub.pushToPrincipal(id, push));
    }
}
