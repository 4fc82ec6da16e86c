package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.Knock;
import nl.spreekuur.protocol.v1.KnockLink;
import nl.spreekuur.protocol.v1.Meeting;
import nl.spreekuur.protocol.v1.PrivateTalk;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.RoomPeople;

/** The people tables' records as protocol messages. */
final class PeopleViews {
    private PeopleViews() {
    }

    static KnockLink link(String roomId, RoomPeople.KnockLink link) {
        KnockLink.Builder b = KnockLink.newBuilder().setRoomId(roomId);
        if (link != null) {
            b.setCode(link.code()).setCreatedAt(ProtoTime.of(link.createdAt()));
        }
        return b.build();
    }

    /** For moderators: who decided too. */
    static Knock knock(RoomPeople.Knock k, String roomName) {
        Knock.Builder b = Knock.newBuilder().setId(k.id()).setRoomId(k.roomId()).setNickname(k.nickname())
                .setState(k.state()).setKnockedAt(ProtoTime.of(k.knockedAt())).setRoomName(roomName)
                .setDecidedByName(k.decidedByName());
        if (k.decidedAt() != null) {
            b.setDecidedAt(ProtoTime.of(k.decidedAt()));
        }
        return b.build();
    }

    /** For the knocking person: not who decided. */
    static Knock ownKnock(RoomPeople.Knock k, String roomName) {
        return knock(k, roomName).toBuilder().clearDecidedByName().build();
    }

    /** For the member: who holds the talk by name only (members do not see the moderators' ids, as in Room). */
    static PrivateTalk talkForMember(RoomPeople.Talk t) {
        return talk(t).toBuilder().clearModeratorId().build();
    }

    static PrivateTalk talk(RoomPeople.Talk t) {
        PrivateTalk.Builder b = PrivateTalk.newBuilder().setId(t.id()).setRoomId(t.roomId())
                .setParticipantId(t.participantId()).setNickname(t.nickname()).setState(t.state())
                .setRequestedByMember(t.requestedByMember()).setRequestedAt(ProtoTime.of(t.requestedAt()))
                .setModeratorName(t.moderatorName() == null ? "" : t.moderatorName())
                .setModeratorId(t.moderatorId() == null ? "" : t.moderatorId());
        if (t.openedAt() != null) {
            b.setOpenedAt(ProtoTime.of(t.openedAt()));
        }
        if (t.conversationId() != null) {
            b.setConversationId(t.conversationId());
        }
        if (t.endedAt() != null) {
            b.setEndedAt(ProtoTime.of(t.endedAt()));
        }
        return b.build();
    }

    static Meeting meeting(RoomPeople.Meeting m, String roomConversationId) {
        Meeting.Builder b = Meeting.newBuilder().setId(m.id()).setRoomId(m.roomId())
                .setStartsAt(ProtoTime.of(m.startsAt())).setDurationMinutes(m.durationMinutes())
                .setOnline(m.online()).setLocation(m.location()).setTitle(m.title());
        if (m.online()) {
            b.setCallConversationId(roomConversationId);
        }
        return b.build();
    }
}
