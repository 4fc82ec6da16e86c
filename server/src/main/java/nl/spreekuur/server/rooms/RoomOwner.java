package nl.spreekuur.server.rooms;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.RoomState;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.conversation.OwnerView;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Owner;
import nl.spreekuur.server.store.Conversations.Participant;
import nl.spreekuur.server.store.Rooms.Room;

/**
 * The rooms capability as owner of its conversations (owner reference {@code room:<roomId>}): a participant's
 * SubscribeResult carries the room id; a paused room takes messages only from moderators and a closed room from
 * nobody (CLOSED); a muted member reads but does not write (FORBIDDEN); a room whose history is visible from the join shows a member nothing before their membership.
 */
final class RoomOwner implements OwnerView {
    /** The capability name in conversations' owner reference (and in the audit log's "on behalf of"). */
    static final String CAPABILITY = "room";

    private final RoomCache rooms;
    private final Clock clock;
    private final RoomGuard guard;
    private final OnlineVisibility visibility;

    RoomOwner(RoomCache rooms, Clock clock, RoomGuard guard, OnlineVisibility visibility) {
        this.rooms = rooms;
        this.clock = clock;
        this.guard = guard;
        this.visibility = visibility;
    }

    /** A member who hides their online status is never shown present (RoomBreaks.setOnlineHidden). */
    @Override
    public boolean showsPresence(Conversation conversation, Participant participant) {
        return participant.role() != ParticipantRole.MEMBER || !visibility.hidden(participant.principalId());
    }

    static Owner of(String roomId) {
        return new Owner(CAPABILITY, roomId);
    }

    static Optional<String> roomOf(Conversation conversation) {
        return conversation.ownedBy(CAPABILITY);
    }

    @Override
    public void describe(Conversation conversation, SubscribeResult.Builder result) {
        roomOf(conversation).ifPresent(result::setRoomId);
    }

    @Override
    public void checkWrite(Conversation conversation, Participant writer) {
        Optional<Room> room = rooms.byConversation(conversation.id());
        if (room.isEmpty()) {
            return;
        }
        RoomState state = room.get().state();
        if (state == RoomState.ROOM_CLOSED) {
            throw new RequestException(ErrorCode.CLOSED, "the room is closed (read-only)");
        }
        if (state == RoomState.ROOM_PAUSED && writer.role() != ParticipantRole.MODERATOR) {
            throw new RequestException(ErrorCode.CLOSED, "the room is paused (read-only for members)");
        }
        if (writer.role() == ParticipantRole.MEMBER) {
            Instant now = clock.instant();
            rooms.mutedUntil(writer.principalId()).filter(now::isBefore).ifPresent(until -> {
                throw RequestException.forbidden("muted until " + until.truncatedTo(ChronoUnit.SECONDS));
            });
        }
        guard.checkWrite(room.get(), writer);
    }

    @Override
    public void checkPlainText(Conversation conversation, Participant writer) {
        rooms.byConversation(conversation.id()).ifPresent(room -> guard.checkPlainText(room, writer));
    }

    @Override
    public long visibleAfterSeq(Conversation conversation, Participant reader) {
        return rooms.byConversation(conversation.id())
                .filter(room -> room.historyVisibility() == HistoryVisibility.FROM_JOIN)
                .filter(room -> reader.role() == ParticipantRole.MEMBER)
                .map(room -> reader.memberSinceSeq())
                .orElse(0L);
    }
}
