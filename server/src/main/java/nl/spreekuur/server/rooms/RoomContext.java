package nl.spreekuur.server.rooms;

import java.time.Clock;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Store;

/** What the parts of the rooms capability share. */
record RoomContext(Store store, ConversationService conversations, SessionRevocations revocations, Clock clock,
                   RoomCache cache, RoomAccess access) {
}
