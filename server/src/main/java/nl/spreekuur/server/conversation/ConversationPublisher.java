package nl.spreekuur.server.conversation;

import java.util.Collection;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.Participant;
import nl.spreekuur.protocol.v1.PresenceEvent;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.presence.NodePresence;
import nl.spreekuur.server.session.Channels;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.store.Conversations;

/**
 * Publishes to a conversation's channel, the last step of the one delivery path (the event is already stored):
 * stored events, and the ephemeral presence, typing and receipt events.
 */
final class ConversationPublisher {
    private final Hub hub;
    private final NodePresence presence;

    ConversationPublisher(Hub hub, NodePresence presence) {
        this.hub = hub;
        this.presence = presence;
    }

    void event(ConversationEvent stored) {
        ephemeral(stored.getConversationId(), ServerMessage.newBuilder().setEvent(stored).build());
    }

    void presence(String conversationId, String participantId, boolean present) {
        ephemeral(conversationId, ServerMessage.newBuilder().setPresence(PresenceEvent.newBuilder()
                .setConversationId(conversationId).setParticipantId(participantId).setPresent(present)).build());
    }

    /** Typing, receipts, presence: never stored, seq 0. */
    void ephemeral(String conversationId, ServerMessage message) {
        hub.publish(Channels.conversation(conversationId), message);
    }

    boolean isPresent(String conversationId, String principalId) {
        return presence.isPresent(Channels.conversation(conversationId), principalId);
    }

    /** The principal's connections on this node. */
    Collection<ClientSession> sessionsOf(String principalId) {
        return hub.sessions().ofPrincipal(principalId);
    }

    Participant participant(String conversationId, Conversations.Participant p) {
        return Participant.newBuilder()
                .setParticipantId(p.participantId())
                .setRole(p.role())
                .setDisplayName(p.displayName())
                .setPresent(presence.isPresent(Channels.conversation(conversationId), p.principalId()))
                .setDeliveredSeq(p.deliveredSeq())
                .setReadSeq(p.readSeq())
                .build();
    }
}
