package nl.spreekuur.server.calls;

import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.conversation.OwnerView;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Owner;

/**
 * The calls capability as owner of scheduled consults' conversations (owner reference {@code consult:<consultId>},
 * kind VIDEO_CONSULT). A consult's conversation is an ordinary stream (chat next to the call, call updates); it
 * adds nothing to a SubscribeResult and narrows no rule.
 */
final class ConsultOwner implements OwnerView {
    static final String CAPABILITY = "consult";

    static Owner of(String consultId) {
        return new Owner(CAPABILITY, consultId);
    }

    @Override
    public void describe(Conversation conversation, SubscribeResult.Builder result) {
        // nothing beyond the conversation's own fields
    }
}
