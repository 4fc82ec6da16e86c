package nl.spreekuur.server.officehours;

import java.util.Optional;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.conversation.OwnerView;
import nl.spreekuur.server.store.Conversations.Conversation;
import nl.spreekuur.server.store.Conversations.Owner;
import nl.spreekuur.server.store.OfficeHourChats;

/**
 * The office-hour capability as owner of its chats: the owner reference a chat carries ("office-hour" and the office
 * hour's id), and what a participant's SubscribeResult says about it (office_hour_id, transcript_consent) from the
 * capability's own link table.
 */
final class OfficeHourOwner implements OwnerView {
    /** The capability name in conversations' owner reference (and in the audit log's "on behalf of"). */
    static final String CAPABILITY = "office-hour";

    private final OfficeHourChats chats;

    OfficeHourOwner(OfficeHourChats chats) {
        this.chats = chats;
    }

    static Owner of(String officeHourId) {
        return new Owner(CAPABILITY, officeHourId);
    }

    /** The office hour the conversation is a chat of, if it is one. */
    static Optional<String> officeHourOf(Conversation conversation) {
        return conversation.ownedBy(CAPABILITY);
    }

    @Override
    public void describe(Conversation conversation, SubscribeResult.Builder result) {
        officeHourOf(conversation).ifPresent(result::setOfficeHourId);
        chats.byConversation(conversation.id())
                .ifPresent(link -> result.setTranscriptConsent(link.transcriptConsent()));
    }
}
