package nl.spreekuur.server.rooms;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.Participant;
import nl.spreekuur.protocol.v1.ParticipantJoined;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.RoomMessage;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.RoomPeople;
import nl.spreekuur.server.store.Rooms;
import nl.spreekuur.server.store.Store;

/**
 * The group room of {@code --demo}: "Mantelzorgers Noord", moderated by the demo professional, with two members
 * and a few messages of the past days, the next meeting (next Thursday evening in the community centre), and a
 * multi-use invite whose link is printed at start-up. Idempotent: an
 * existing demo room and its demo invite are reused.
 */
public final class RoomDemo {
    public static final String NAME = "Mantelzorgers Noord";
    static final String INVITE_LABEL = "demo";

    private RoomDemo() {
    }

    /** @return the invite code for the printed link ({@code /g/<code>}) */
    public static String seed(Store store, String organisationId, Account professional, Instant now) {
        Rooms.Room room = store.rooms().byOrganisation(organisationId).stream()
                .filter(r -> r.name().equals(NAME)).findFirst()
                .orElseGet(() -> create(store, organisationId, professional, now));
        if (store.roomPeople().upcomingMeetings(room.id(), now).isEmpty()) {
            store.roomPeople().saveMeeting(new RoomPeople.Meeting(null, room.id(), nextThursdayEvening(now), 90, false,
                    "Buurthuis De Linde, Lindelaan 4", "Koffieavond", professional.id()));
        }
        Optional<Rooms.Invite> invite = store.rooms().invites(room.id()).stream()
                .filter(i -> i.label().equals(INVITE_LABEL) && i.revokedAt() == null).findFirst();
        return invite.orElseGet(() -> store.rooms().createInvite(new Rooms.Invite(null, room.id(),
                RoomInvites.newCode(), false, 0, 0, null, null, INVITE_LABEL, professional.id(), now))).code();
    }

    /** The next Thursday at 19:30 in the Netherlands (a week on if today is Thursday). */
    static Instant nextThursdayEvening(Instant now) {
        java.time.ZoneId zone = java.time.ZoneId.of("Europe/Amsterdam");
        java.time.LocalDate day = java.time.LocalDate.ofInstant(now, zone)
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.THURSDAY));
        return day.atTime(19, 30).atZone(zone).toInstant();
    }

    private static Rooms.Room create(Store store, String organisationId, Account professional, Instant now) {
        String id = java.util.UUID.randomUUID().toString();
        Instant start = now.minus(Duration.ofDays(2));
        Conversations.Conversation conversation = store.conversations().create(organisationId,
                ConversationKind.GROUP_ROOM, RoomOwner.of(id), start);
        Rooms.Room room = store.rooms().create(new Rooms.Room(id, organisationId, conversation.id(), NAME,
                "Voor iedereen in Noord die zorgt voor een naaste. Deel ervaringen en tips, en steun elkaar.",
                List.of(professional.id()), 200, HistoryVisibility.FULL_HISTORY, 0, RoomState.ROOM_OPEN, start));
        Conversations.Participant anna = join(store, conversation.id(), professional.id(), ParticipantRole.MODERATOR,
                professional.displayName(), start);
        Rooms.Invite first = store.rooms().createInvite(new Rooms.Invite(null, id, RoomInvites.newCode(), false, 2,
                0, null, null, "eerste leden", professional.id(), start));
        Conversations.Participant ria = member(store, first, conversation.id(), "Ria", start.plusSeconds(60));
        Conversations.Participant henk = member(store, first, conversation.id(), "Henk", start.plusSeconds(120));
        say(store, anna, "Welkom in de groep! Stel je gerust even voor.", start.plus(Duration.ofHours(1)));
        say(store, ria, "Hoi, ik ben Ria. Ik zorg voor mijn moeder, ze heeft dementie.",
                start.plus(Duration.ofHours(3)));
        say(store, henk, "Herkenbaar Ria. Ik zorg voor mijn vrouw. Wat helpt jou om even bij te komen?",
                start.plus(Duration.ofHours(5)));
        say(store, anna, "Donderdag om 19:30 is de bijeenkomst in buurthuis De Linde. Iedereen welkom!",
                now.minus(Duration.ofHours(4)));
        return room;
    }

    private static Conversations.Participant member(Store store, Rooms.Invite invite, String conversationId,
                                                    String nickname, Instant at) {
        String principalId = "demo-member-" + java.util.UUID.randomUUID();
        Rooms.Member member = store.rooms().redeem(invite.code(), principalId, nickname, at).member();
        Conversations.Participant p = join(store, conversationId, principalId, ParticipantRole.MEMBER, nickname, at);
        store.rooms().setParticipant(member.id(), p.participantId());
        return p;
    }

    private static Conversations.Participant join(Store store, String conversationId, String principalId,
                                                  ParticipantRole role, String name, Instant at) {
        Conversations.Participant p = store.conversations().join(conversationId, principalId, role, name, at);
        store.conversations().append(conversationId, ConversationEvent.newBuilder().setJoined(ParticipantJoined
                .newBuilder().setParticipant(Participant.newBuilder().setParticipantId(p.participantId())
                        .setRole(role).setDisplayName(name))).build(), at);
        return p;
    }

    private static void say(Store store, Conversations.Participant who, String text, Instant at) {
        store.conversations().append(who.conversationId(), ConversationEvent.newBuilder()
                .setSenderId(who.participantId()).setSenderRole(who.role()).setSenderName(who.displayName())
                .setClientMsgId("demo-" + at.toEpochMilli())
                .setRoomMessage(RoomMessage.newBuilder().setText(text)).build(), at);
    }
}
