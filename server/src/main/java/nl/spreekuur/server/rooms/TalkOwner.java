package nl.spreekuur.server.rooms;

import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.conversation.OwnerView;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.RoomPeople;

/** The private talks as owner of their conversations ({@code room-talk:<talkId>}): the SubscribeResult names the room. */
final class TalkOwner implements OwnerView {
    private final RoomPeople people;

    TalkOwner(RoomPeople people) {
        this.people = people;
    }

    @Override
    public void describe(Conversation conversation, SubscribeResult.Builder result) {
        conversation.ownedBy(RoomTalks.CAPABILITY).flatMap(people::talk)
                .ifPresent(talk -> result.setRoomId(talk.roomId()));
    }
}
