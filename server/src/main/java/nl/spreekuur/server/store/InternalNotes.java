package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.List;

/**
 * Notes professionals leave for each other on a chat (e.g. with a transfer). Never shown to the client and kept
 * apart from the conversation stream so they cannot leak into it; deleted with the conversation's content.
 */
public interface InternalNotes {

    record Note(String conversationId, String authorId, String authorName, String text, Instant createdAt) {
    }

    void add(Note note);

    /** Oldest first. */
    List<Note> of(String conversationId);

    /** Deletes the notes of the given conversations (retention purge). */
    int deleteOf(List<String> conversationIds);
}
