package nl.spreekuur.server.conversation;

import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Conversations.Conversation;

/**
 * What a capability adds about the conversations it owns (see {@link Conversation#owner()}), so that the
 * conversation layer needs to know nothing of office hours, rooms or calls. Registered per capability with
 * {@link ConversationService#registerOwner}.
 */
@FunctionalInterface
public interface OwnerView {

    /** Adds the capability's fields to a participant's SubscribeResult (e.g. office_hour_id, transcript_consent). */
    void describe(Conversation conversation, SubscribeResult.Builder result);
}
