package nl.spreekuur.server.session;

import nl.spreekuur.protocol.v1.ServerMessage;

/**
 * One participant's current membership of a conversation, as its subscriptions see it. A participant keeps its id
 * when it leaves and is brought back (a chat handed back and claimed again, a group member invited again), so the
 * stream can hold its own earlier departures: only a {@code ParticipantLeft} of this participant with a seq above
 * {@code sinceSeq} (the conversation's last seq when this membership began) ends it. Earlier ones are history.
 */
public record Membership(String participantId, long sinceSeq) {

    /** True if the message is this membership's own departure: nothing more of the conversation reaches it. */
    public boolean endsWith(ServerMessage message) {
        return message.hasEvent() && message.getEvent().hasLeft()
                && message.getEvent().getSeq() > sinceSeq
                && message.getEvent().getLeft().getParticipantId().equals(participantId);
    }
}
