package nl.spreekuur.server.conversation;

import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Participant;

/**
 * What a capability adds about the conversations it owns (see {@link Conversation#owner()}), so that the
 * conversation layer needs to know nothing of office hours, rooms or calls. Registered per capability with
 * {@link ConversationService#registerOwner}.
 *
 * <p>Besides describing its conversations, an owner may narrow three rules of the stream for them, each checked on
 * every request: who may write right now ({@link #checkWrite}, e.g. a paused room or a muted member), how far
 * back a participant may read ({@link #visibleAfterSeq}, e.g. a room that shows new members only what follows their
 * join) and whose presence the others see ({@link #showsPresence}).
 */
@FunctionalInterface
public interface OwnerView {

    /** Adds the capability's fields to a participant's SubscribeResult (e.g. office_hour_id, transcript_consent). */
    void describe(Conversation conversation, SubscribeResult.Builder result);

    /**
     * Called before a participant (already checked to be an active writer) sends a message or a typing indicator;
     * throws a {@link nl.spreekuur.server.session.RequestException} with the documented error to refuse it. Nothing
     * is stored or published when it throws.
     */
    default void checkWrite(Conversation conversation, Participant writer) {
    }

    /**
     * Called after {@link #checkWrite} for a plain text message ({@code SendMessage}) only; throws to refuse it, e.g.
     * where the capability takes messages only through its own request right now (a room holding messages for
     * review). Nothing is stored or published when it throws.
     */
    default void checkPlainText(Conversation conversation, Participant writer) {
    }

    /**
     * The seq at or below which the participant may not read (replay on subscribe and history both start above it);
     * 0 = everything retained.
     */
    default long visibleAfterSeq(Conversation conversation, Participant reader) {
        return 0;
    }

    /**
     * Whether the others may see that this participant is online ({@code presence} events and
     * {@code Participant.present}); false keeps them shown as not present (e.g. a room member who hides their
     * online status). Call {@link ConversationService#presenceVisibilityChanged} when the answer changes.
     */
    default boolean showsPresence(Conversation conversation, Participant participant) {
        return true;
    }
}
