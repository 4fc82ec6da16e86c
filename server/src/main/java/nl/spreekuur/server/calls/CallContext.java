package nl.spreekuur.server.calls;

import java.time.Clock;
import nl.spreekuur.server.config.CallsConfig;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.store.Store;

/** What the parts of the calls capability share. */
record CallContext(Store store, ConversationService conversations, Hub hub, Clock clock, CallsConfig config,
                   CallMachine machine, IceServerCredentials iceServers) {
}
