package nl.spreekuur.server.store;

import java.util.Optional;

/**
 * The office-hour capability's link to its conversations: which office hour a chat belongs to and the client's
 * transcript consent (which decides when the chat's content is purged). The conversation itself only carries a
 * neutral owner reference ({@link Conversations.Owner}).
 */
public interface OfficeHourChats {

    record Link(String conversationId, String officeHourId, boolean transcriptConsent) {
    }

    /** Links a new chat to its office hour. */
    void link(Link link);

    Optional<Link> byConversation(String conversationId);

    /** @throws ConflictException if the conversation is not an office-hour chat */
    void setTranscriptConsent(String conversationId, boolean consent);
}
