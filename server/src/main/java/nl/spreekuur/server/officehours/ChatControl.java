package nl.spreekuur.server.officehours;

import nl.spreekuur.protocol.v1.ConversationEvent;
import java.util.Optional;
import nl.spreekuur.protocol.v1.ChatHelpfulness;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.FollowUp;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.TranscriptConsentChanged;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Queue;

/**
 * What the people in a running office-hour chat may do to it besides writing: end it, decide about the transcript
 * (the client), and read along (a supervising colleague, visible to the client and audit-logged).
 */
final class ChatControl {
    private final OfficeHourContext ctx;
    private final ChatEnding ending;

    ChatControl(OfficeHourContext ctx, ChatEnding ending) {
        this.ctx = ctx;
        this.ending = ending;
    }

    /** The client, or the professional holding the chat, ends it; a waiting client thereby leaves the queue. */
    void end(Principal principal, String conversationId) {
        end(principal, conversationId, FollowUp.getDefaultInstance());
    }

    /** Ends the chat; the professional holding it may record the agreed follow-up (see {@link ChatOutcomes}). */
    void end(Principal principal, String conversationId, FollowUp followUp) {
        Conversations.Conversation chat = ctx.conversations().visibleConversation(principal, conversationId);
        Conversations.Participant me = ctx.conversations().activeParticipant(chat, principal);
        Queue.Entry entry = ctx.lookup().entryOfChat(principal, chat.id());
        EndReason reason;
        if (me.role() == ParticipantRole.CLIENT) {
            reason = EndReason.ENDED_BY_CLIENT;
        } else if (me.role() == ParticipantRole.PROFESSIONAL && principal.id().equals(entry.claimedBy())) {
            reason = EndReason.ENDED_BY_PROFESSIONAL;
        } else {
            throw RequestException.forbidden("only the client or the professional holding the chat can end it");
        }
        if (reason != EndReason.ENDED_BY_PROFESSIONAL && !followUp.equals(FollowUp.getDefaultInstance())) {
            throw RequestException.invalid("only the professional holding the chat records a follow-up");
        }
        Optional<ConversationEvent.Builder> followUpEvent = ending.outcomes().followUpEvent(followUp,
                ctx.clock().instant());
        if (followUpEvent.isPresent() && entry.state() != QueueState.IN_CHAT) {
            throw RequestException.conflict("chat has already ended");
        }
        if (!ending.finish(ctx.lookup().officeHourOf(entry), entry, reason, followUpEvent)) {
            throw RequestException.conflict("chat has already ended");
        }
    }

    /**
     * The client's choice. Changed during the chat, everyone sees it; changed after the end (while the chat can
     * still be read), it moves the purge time accordingly.
     */
    void setTranscriptConsent(Principal principal, String conversationId, boolean consent) {
        Conversations.Conversation chat = ctx.conversations().visibleConversation(principal, conversationId);
        Conversations.Participant me = ctx.conversations().activeParticipant(chat, principal);
        if (me.role() != ParticipantRole.CLIENT) {
            throw RequestException.forbidden("only the client decides about the transcript");
        }
        ctx.store().officeHourChats().setTranscriptConsent(chat.id(), consent);
        Optional<String> officeHourId = OfficeHourOwner.officeHourOf(chat);
        if (chat.open()) {
            ctx.conversations().appendSystem(chat.id(), ConversationEvent.newBuilder()
                    .setConsent(TranscriptConsentChanged.newBuilder().setConsent(consent)));
        } else if (chat.endedAt() != null && officeHourId.isPresent() && chat.firstSeq() <= chat.lastSeq()) {
            ctx.store().officeHours().byId(officeHourId.get()).ifPresent(oh -> ctx.store().conversations()
                    .schedulePurge(chat.id(), ctx.retention().transcriptPurgeAfter(oh, consent, chat.endedAt())));
        }
        // QueueStatus carries the choice: every device of a waiting client shows the same one.
        officeHourId.ifPresent(ctx.changes()::publish);
    }

    ChatOutcomes outcomes() {
        return ending.outcomes();
    }

    /** The client's optional "did this help?" at the end of the chat. */
    void rate(Principal principal, String conversationId, ChatHelpfulness answer) {
        ending.outcomes().rate(principal, conversationId, answer);
    }

    /** A supervisor reads along in a chat a colleague holds; the client sees them join. */
    void supervise(Principal principal, String conversationId) {
        Conversations.Conversation chat = ctx.conversations().visibleConversation(principal, conversationId);
        if (!principal.has(Role.SUPERVISOR)) {
            throw RequestException.forbidden("requires the supervisor role");
        }
        Queue.Entry entry = ctx.lookup().entryOfChat(principal, chat.id());
        if (entry.state() != QueueState.IN_CHAT || !chat.open()) {
            throw RequestException.conflict("not a running office-hour chat");
        }
        if (principal.id().equals(entry.claimedBy())) {
            throw RequestException.conflict("you hold this chat yourself");
        }
        boolean already = ctx.store().conversations().participant(chat.id(), principal.id())
                .filter(Conversations.Participant::isActive).isPresent();
        if (!already) {
            ctx.conversations().join(chat.id(), principal.id(), ParticipantRole.SUPERVISOR, principal.displayName());
            ctx.facts().count(ctx.lookup().officeHourOf(entry), nl.spreekuur.server.store.StatisticsLog.Fact.SUPERVISED);
        }
        ctx.auditor().record(principal, "conversation.supervise", "conversation", chat.id(), entry.clientPrincipalId());
        ctx.changes().publish(entry.officeHourId());
    }

    void stopSupervising(Principal principal, String conversationId) {
        Conversations.Conversation chat = ctx.conversations().visibleConversation(principal, conversationId);
        Conversations.Participant me = ctx.conversations().activeParticipant(chat, principal);
        if (me.role() != ParticipantRole.SUPERVISOR) {
            throw RequestException.conflict("not reading along in this chat");
        }
        ctx.conversations().leave(chat.id(), principal.id(), LeaveReason.LEFT_VOLUNTARILY);
        ctx.auditor().record(principal, "conversation.supervise_end", "conversation", chat.id(), null);
        OfficeHourOwner.officeHourOf(chat).ifPresent(ctx.changes()::publish);
    }
}
