package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.ModerationEntry;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomInvite;
import nl.spreekuur.protocol.v1.RoomMember;
import nl.spreekuur.protocol.v1.MemberStatus;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.store.Rooms;

/** Store records as protocol messages. */
final class RoomViews {
    private RoomViews() {
    }

    /** For staff: everything. */
    static Room room(Rooms.Room r, int memberCount) {
        return Room.newBuilder().setId(r.id()).setOrganisationId(r.organisationId()).setName(r.name())
                .setDescription(r.description()).addAllModeratorIds(r.moderatorIds()).setMemberLimit(r.memberLimit())
                .setHistoryVisibility(r.historyVisibility()).setRetentionDays(r.retentionDays()).setState(r.state())
                .setConversationId(r.conversationId()).setMemberCount(memberCount)
                .setCreatedAt(ProtoTime.of(r.createdAt())).build();
    }

    /** For a member: no moderator account ids, no limits. */
    static Room forMember(Rooms.Room r) {
        return Room.newBuilder().setId(r.id()).setOrganisationId(r.organisationId()).setName(r.name())
                .setDescription(r.description()).setHistoryVisibility(r.historyVisibility())
                .setRetentionDays(r.retentionDays()).setState(r.state()).setConversationId(r.conversationId())
                .build();
    }

    static RoomInvite invite(Rooms.Invite i) {
        RoomInvite.Builder b = RoomInvite.newBuilder().setId(i.id()).setRoomId(i.roomId()).setCode(i.code())
                .setSingleUse(i.singleUse()).setMaxUses(i.maxUses()).setUses(i.uses()).setLabel(i.label())
                .setCreatedAt(ProtoTime.of(i.createdAt()));
        if (i.expiresAt() != null) {
            b.setExpiresAt(ProtoTime.of(i.expiresAt()));
        }
        if (i.revokedAt() != null) {
            b.setRevokedAt(ProtoTime.of(i.revokedAt()));
        }
        return b.build();
    }

    static RoomMember member(Rooms.Member m) {
        RoomMember.Builder b = RoomMember.newBuilder().setParticipantId(m.participantId() == null ? "" : m.participantId())
                .setNickname(m.nickname()).setInviteId(m.inviteId() == null ? "" : m.inviteId()).setJoinedAt(ProtoTime.of(m.joinedAt()))
                .setStatus(m.isActive() ? MemberStatus.MEMBER_ACTIVE : m.endStatus());
        if (m.endedAt() != null) {
            b.setEndedAt(ProtoTime.of(m.endedAt()));
        }
        if (m.mutedUntil() != null) {
            b.setMutedUntil(ProtoTime.of(m.mutedUntil()));
        }
        return b.build();
    }

    static ModerationEntry entry(Rooms.LogEntry e) {
        ModerationEntry.Builder b = ModerationEntry.newBuilder().setAt(ProtoTime.of(e.at())).setModeratorId(e.moderatorId())
                .setModeratorName(e.moderatorName()).setAction(e.action()).setParticipantId(e.participantId())
                .setReason(e.reason()).setSeq(e.seq());
        if (e.until() != null) {
            b.setMutedUntil(ProtoTime.of(e.until()));
        }
        return b.build();
    }
}
