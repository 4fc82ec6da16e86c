package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.HistoryVisibility;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Rooms;

/**
 * A participant's unread count in a room: messages ({@code text} or {@code roomMessage}, not deleted) written by
 * others after their read marker ({@code SendReceipt READ}), among what they may read. Counted up to
 * {@value #MAX} (a client shows "99+" beyond), so the work per room is bounded however long someone was away.
 */
final class RoomUnread {
    static final int MAX = 100;
    private static final int PAGE = 200;

    private final RoomContext ctx;

    RoomUnread(RoomContext ctx) {
        this.ctx = ctx;
    }

    /** The principal's unread count in the room, or 0 if they are not in it or take a break (RoomBreaks). */
    int of(Rooms.Room room, String principalId) {
        java.time.Instant now = ctx.clock().instant();
        if (ctx.store().roomPeople().breakUntil(principalId).filter(now::isBefore).isPresent()) {
            return 0;
        }
        return ctx.store().conversations().participant(room.conversationId(), principalId)
                .filter(Conversations.Participant::isActive)
                .map(me -> count(room, me)).orElse(0);
    }

    private int count(Rooms.Room room, Conversations.Participant me) {
        long after = me.readSeq();
        if (room.historyVisibility() == HistoryVisibility.FROM_JOIN && me.role() == ParticipantRole.MEMBER) {
            after = Math.max(after, me.memberSinceSeq());
        }
        int unread = 0;
        while (unread < MAX) {
            java.util.List<ConversationEvent> page = ctx.conversations().eventsAfter(room.conversationId(), after,
                    PAGE);
            for (ConversationEvent e : page) {
                boolean message = e.hasText() && !e.getText().getText().isEmpty()
                        || e.hasRoomMessage() && !e.getRoomMessage().getText().isEmpty();
                if (message && !e.getSenderId().equals(me.participantId())) {
                    unread++;
                }
                after = e.getSeq();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return Math.min(unread, MAX);
    }
}
