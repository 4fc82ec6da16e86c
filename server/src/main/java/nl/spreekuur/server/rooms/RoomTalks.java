package nl.spreekuur.server.rooms;

import java.time.Instant;
import java.util.List;
import nl.spreekuur.protocol.v1.AskPrivateTalk;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.OpenPrivateTalk;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.PrivateTalk;
import nl.spreekuur.protocol.v1.PrivateTalkList;
import nl.spreekuur.protocol.v1.PrivateTalkOpened;
import nl.spreekuur.protocol.v1.PrivateTalkState;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.RoomPeople.Talk;
import nl.spreekuur.server.store.Rooms;

/**
 * Private talks between a member and a moderator (safeguarding escalation). A moderator opens one straight from the
 * room, or a member asks and every moderator of the room sees the request ({@code private_talk} push) until one of
 * them picks it up: the claim is one conditional update in the store, so exactly one wins and the others get
 * CONFLICT. The talk is an ordinary conversation (kind ROOM_PRIVATE_TALK, owner {@code room-talk:<talkId>}) with two
 * participants, the moderator (role PROFESSIONAL) and the member (role MEMBER), like an office-hour chat; its first
 * event ({@code private_talk_opened}) tells the member it is private. Opening and picking up are audit-logged;
 * staff reading it is audit-logged by the conversation layer like any chat.
 */
final class RoomTalks {
    /** The capability name in the talks' owner reference. */
    static final String CAPABILITY = "room-talk";

    private final RoomContext ctx;
    private final Hub hub;
    private final Auditor auditor;

    RoomTalks(RoomContext ctx, Hub hub, Auditor auditor) {
        this.ctx = ctx;
        this.hub = hub;
        this.auditor = auditor;
    }

    private RoomPeople people() {
        return ctx.store().roomPeople();
    }

    /** A moderator opens a talk with a member (or picks up the member's request, or finds their open talk). */
    PrivateTalk open(Principal principal, OpenPrivateTalk request) {
        Rooms.Room room = moderated(principal, request.getRoomId());
        if (request.getParticipantId().isEmpty()) {
            throw RequestException.invalid("participant_id is required");
        }
        Rooms.Member member = ctx.store().rooms().memberByParticipant(room.id(), request.getParticipantId())
                .filter(Rooms.Member::isActive)
                .orElseThrow(() -> RequestException.notFound("member"));
        var live = people().liveTalkOf(room.id(), member.principalId());
        if (live.isPresent()) {
            Talk talk = live.get();
            if (talk.state() == PrivateTalkState.TALK_REQUESTED) {
                return claimed(principal, room, talk);
            }
            if (!principal.id().equals(talk.moderatorId())) {
                throw RequestException.conflict("another moderator is talking with this member");
            }
            return PeopleViews.talk(talk);
        }
        Instant now = ctx.clock().instant();
        Talk talk = people().addTalk(new Talk(null, room.id(), member.principalId(), member.participantId(),
                member.nickname(), PrivateTalkState.TALK_OPEN, false, now, principal.id(), principal.displayName(),
                now, null, null));
        return start(principal, room, talk);
    }

    /** A member asks the moderators; asking again answers the same request (or the open talk). */
    PrivateTalk ask(Principal principal, AskPrivateTalk request) {
        Rooms.Room room = ctx.access().visible(principal, request.getRoomId());
        Rooms.Member member = ctx.access().ownMember(principal, room)
                .orElseThrow(() -> RequestException.forbidden("only a member of the room asks for a private talk"));
        var live = people().liveTalkOf(room.id(), member.principalId());
        if (live.isPresent()) {
            return PeopleViews.talkForMember(live.get());
        }
        Talk talk = people().addTalk(new Talk(null, room.id(), member.principalId(), member.participantId(),
                member.nickname(), PrivateTalkState.TALK_REQUESTED, true, ctx.clock().instant(), null, "", null,
                null, null));
        PrivateTalk view = PeopleViews.talk(talk);
        tellModerators(room, view);
        return view;
    }

    /** Moderators (and org-admins): the room's talks; a member: their own in the room. */
    PrivateTalkList list(Principal principal, String roomId, boolean includeEnded) {
        Rooms.Room room = ctx.access().visible(principal, roomId);
        PrivateTalkList.Builder list = PrivateTalkList.newBuilder();
        if (RoomAccess.mayManage(principal, room)) {
            people().talks(room.id(), includeEnded).forEach(t -> list.addTalks(PeopleViews.talk(t)));
            return list.build();
        }
        if (ctx.access().ownMember(principal, room).isEmpty()) {
            throw RequestException.forbidden("not a moderator of this room");
        }
        people().talksOfMember(principal.id()).stream().filter(t -> t.roomId().equals(room.id()))
                .forEach(t -> list.addTalks(PeopleViews.talkForMember(t)));
        return list.build();
    }

    /** A moderator picks up a member's request: exactly one claim wins. */
    PrivateTalk claim(Principal principal, String talkId) {
        Talk talk = find(talkId);
        Rooms.Room room;
        try {
            room = moderated(principal, talk.roomId());
        } catch (RequestException e) {
            throw e.code() == ErrorCode.FORBIDDEN ? e : RequestException.notFound("private talk");
        }
        return claimed(principal, room, talk);
    }

    /** The member or a moderator of the room ends the talk; its conversation ends. Ending twice is fine. */
    void end(Principal principal, String talkId) {
        Talk talk = find(talkId);
        boolean byMember = principal.isRoomMember();
        if (byMember && !principal.id().equals(talk.memberPrincipalId())) {
            throw RequestException.notFound("private talk");
        }
        Rooms.Room room;
        try {
            room = byMember ? ctx.store().rooms().byId(talk.roomId()).orElseThrow(() ->
                    RequestException.notFound("private talk")) : moderated(principal, talk.roomId());
        } catch (RequestException e) {
            throw e.code() == ErrorCode.FORBIDDEN ? e : RequestException.notFound("private talk");
        }
        if (!people().endTalk(talk.id(), ctx.clock().instant())) {
            return;
        }
        if (talk.conversationId() != null) {
            ctx.conversations().end(talk.conversationId(),
                    byMember ? EndReason.ENDED_BY_CLIENT : EndReason.ENDED_BY_PROFESSIONAL, null);
        }
        Talk ended = people().talk(talk.id()).orElseThrow();
        hub.pushToPrincipal(ended.memberPrincipalId(), ServerMessage.newBuilder()
                .setPrivateTalk(PeopleViews.talkForMember(ended)).build());
        tellModerators(room, PeopleViews.talk(ended));
    }

    /** The member's and the moderator's open talks, for their HelloOk. */
    List<Talk> openTalksOf(Principal principal) {
        if (principal.isRoomMember()) {
            return people().talksOfMember(principal.id()).stream()
                    .filter(t -> t.state() == PrivateTalkState.TALK_OPEN && t.conversationId() != null).toList();
        }
        return principal.isStaff() ? people().openTalksOfModerator(principal.id()).stream()
                .filter(t -> t.conversationId() != null).toList() : List.of();
    }

    private PrivateTalk claimed(Principal principal, Rooms.Room room, Talk talk) {
        if (!people().claimTalk(talk.id(), principal.id(), principal.displayName(), ctx.clock().instant())) {
            throw RequestException.conflict("the request was already picked up");
        }
        auditor.record(principal, "room.private_talk.claim", "room", room.id(), "member:" + talk.memberPrincipalId());
        return start(principal, room, people().talk(talk.id()).orElseThrow());
    }

    /** The talk's conversation with its two participants and the "this is private" event; everyone is told. */
    private PrivateTalk start(Principal moderator, Rooms.Room room, Talk talk) {
        Conversations.Conversation conversation = ctx.conversations().open(room.organisationId(),
                ConversationKind.ROOM_PRIVATE_TALK, new Conversations.Owner(CAPABILITY, talk.id()));
        people().setTalkConversation(talk.id(), conversation.id());
        ctx.conversations().join(conversation.id(), moderator.id(), ParticipantRole.PROFESSIONAL,
                moderator.displayName());
        ctx.conversations().join(conversation.id(), talk.memberPrincipalId(), ParticipantRole.MEMBER,
                talk.nickname());
        ctx.conversations().appendSystem(conversation.id(), ConversationEvent.newBuilder().setPrivateTalkOpened(
                PrivateTalkOpened.newBuilder().setRoomId(room.id()).setRequestedByMember(talk.requestedByMember())));
        auditor.record(moderator, "room.private_talk.open", "conversation", conversation.id(), "room:" + room.id());
        Talk opened = people().talk(talk.id()).orElseThrow();
        hub.pushToPrincipal(talk.memberPrincipalId(), ServerMessage.newBuilder()
                .setPrivateTalk(PeopleViews.talkForMember(opened)).build());
        PrivateTalk view = PeopleViews.talk(opened);
        tellModerators(room, view);
        return view;
    }

    private Talk find(String talkId) {
        if (talkId == null || talkId.isEmpty()) {
            throw RequestException.invalid("talk_id is required");
        }
        return people().talk(talkId).orElseThrow(() -> RequestException.notFound("private talk"));
    }

    /** A room the principal moderates (a professional listed as its moderator; org-admins do not talk). */
    private Rooms.Room moderated(Principal principal, String roomId) {
        Rooms.Room room = ctx.access().managed(principal, roomId);
        if (!room.moderatorIds().contains(principal.id())) {
            throw RequestException.forbidden("only the room's moderators hold private talks");
        }
        return room;
    }

    private void tellModerators(Rooms.Room room, PrivateTalk view) {
        ServerMessage push = ServerMessage.newBuilder().setPrivateTalk(view).build();
        room.moderatorIds().forEach(id -> hub.pushToPrincipal(id, push));
    }
}
