package nl.spreekuur.server.officehours;

import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.TranscriptConsentChanged;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.auth.Role;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.session.Hub;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.Store;

/**
 * What the people in a running office-hour chat may do to it besides writing: end it, decide about the transcript
 * (the client), and read along (a supervising colleague, visible to the client and audit-logged).
 */
final class ChatControl {
    private final Store store;
    private final ConversationService conversations;
    private final OfficeHourLookup lookup;
    private final ChatEnding ending;
    private final RetentionPolicy retention;
    private final OfficeHourChanges changes;
    private final Hub hub;
    private final Auditor auditor;

    ChatControl(Store store, ConversationService conversations, OfficeHourLookup lookup, ChatEnding ending,
                RetentionPolicy retention, OfficeHourChanges changes, Hub hub, Auditor auditor) {
        this.store = store;
        this.conversations = conversations;
        this.lookup = lookup;
        this.ending = ending;
        this.retention = retention;
        this.changes = changes;
        this.hub = hub;
        this.auditor = auditor;
    }

    /** The client, or the professional holding the chat, ends it; a waiting client thereby leaves the queue. */
    void end(Principal principal, String conversationId) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        Conversations.Participant me = conversations.activeParticipant(chat, principal);
        Queue.Entry entry = lookup.entryOfChat(principal, chat.id());
        EndReason reason;
        if (me.role() == ParticipantRole.CLIENT) {
            reason = EndReason.ENDED_BY_CLIENT;
        } else if (me.role() == ParticipantRole.PROFESSIONAL && principal.id().equals(entry.claimedBy())) {
            reason = EndReason.ENDED_BY_PROFESSIONAL;
        } else {
            throw RequestException.forbidden("only the client or the professional holding the chat can end it");
        }
        if (!ending.finish(lookup.officeHourOf(entry), entry, reason)) {
            throw RequestException.conflict("chat has already ended");
        }
    }

    /**
     * The client's choice. Changed during the chat, everyone sees it; changed after the end (while the chat can
     * still be read), it moves the purge time accordingly.
     */
    void setTranscriptConsent(Principal principal, String conversationId, boolean consent) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        Conversations.Participant me = conversations.activeParticipant(chat, principal);
        if (me.role() != ParticipantRole.CLIENT) {
            throw RequestException.forbidden("only the client decides about the transcript");
        }
        conversations.setTranscriptConsent(chat.id(), consent);
        if (chat.open()) {
            conversations.appendSystem(chat.id(), ConversationEvent.newBuilder()
                    .setConsent(TranscriptConsentChanged.newBuilder().setConsent(consent)));
        } else if (chat.endedAt() != null && chat.officeHourId() != null && chat.firstSeq() <= chat.lastSeq()) {
            store.officeHours().byId(chat.officeHourId()).ifPresent(oh -> store.conversations().schedulePurge(
                    chat.id(), retention.transcriptPurgeAfter(oh, consent, chat.endedAt())));
        }
    }

    /** A supervisor reads along in a chat a colleague holds; the client sees them join. */
    void supervise(Principal principal, String conversationId) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        if (!principal.has(Role.SUPERVISOR)) {
            throw RequestException.forbidden("requires the supervisor role");
        }
        Queue.Entry entry = lookup.entryOfChat(principal, chat.id());
        if (entry.state() != QueueState.IN_CHAT || !chat.open()) {
            throw RequestException.conflict("not a running office-hour chat");
        }
        if (principal.id().equals(entry.claimedBy())) {
            throw RequestException.conflict("you hold this chat yourself");
        }
        boolean already = store.conversations().participant(chat.id(), principal.id())
                .filter(Conversations.Participant::isActive).isPresent();
        if (!already) {
            conversations.join(chat.id(), principal.id(), ParticipantRole.SUPERVISOR, principal.displayName());
        }
        auditor.record(principal, "conversation.supervise", "conversation", chat.id(), entry.clientPrincipalId());
        changes.publish(entry.officeHourId());
    }

    void stopSupervising(Principal principal, String conversationId) {
        Conversations.Conversation chat = conversations.visibleConversation(principal, conversationId);
        Conversations.Participant me = conversations.activeParticipant(chat, principal);
        if (me.role() != ParticipantRole.SUPERVISOR) {
            throw RequestException.conflict("not reading along in this chat");
        }
        conversations.leave(chat.id(), principal.id(), EndReason.END_REASON_UNSPECIFIED);
        hub.unsubscribePrincipal(principal.id(), chat.id());
        auditor.record(principal, "conversation.supervise_end", "conversation", chat.id(), null);
        if (chat.officeHourId() != null) {
            changes.publish(chat.officeHourId());
        }
    }
}
