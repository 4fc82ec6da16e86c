package nl.spreekuur.server.officehours;

import java.time.Instant;
import nl.spreekuur.protocol.v1.ChatTransferred;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.LeaveReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.TransferChat;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Accounts;
import nl.spreekuur.server.store.InternalNotes;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.session.Texts;

/**
 * Hands a chat to a colleague on duty, or back to the queue at its original place. The internal note goes to the
 * store's notes (never into the conversation stream), so only professionals see it; the client sees that the chat
 * was transferred and who joined. The professional who handed it over leaves and can no longer read or write.
 */
final class ChatTransfer {
    static final int MAX_NOTE = 2000;

    private final OfficeHourContext ctx;

    ChatTransfer(OfficeHourContext ctx) {
        this.ctx = ctx;
    }

    void transfer(Principal principal, TransferChat request) {
        Queue.Entry entry = ctx.lookup().entryOfChat(principal, request.getConversationId());
        if (!principal.id().equals(entry.claimedBy())) {
            throw RequestException.forbidden("only the professional holding the chat can transfer it");
        }
        if (entry.state() != QueueState.IN_CHAT) {
            throw RequestException.conflict("chat has already ended");
        }
        if (Texts.length(request.getNote()) > MAX_NOTE) {
            throw new RequestException(ErrorCode.TOO_LARGE, "note longer than " + MAX_NOTE);
        }
        OfficeHour oh = ctx.lookup().officeHourOf(entry);
        if (request.getToProfessionalId().isEmpty()) {
            backToQueue(principal, entry, request.getNote());
        } else {
            toColleague(principal, oh, entry, request.getToProfessionalId(), request.getNote());
        }
        ctx.conversations().leave(entry.conversationId(), principal.id(), LeaveReason.HANDED_OVER);
        ctx.facts().count(oh, Fact.TRANSFER);
        ctx.auditor().record(principal, "conversation.transfer", "conversation", entry.conversationId(),
                entry.clientPrincipalId());
        ctx.changes().publish(oh.getId());
    }

    private void backToQueue(Principal principal, Queue.Entry entry, String note) {
        if (!ctx.store().queue().returnToQueue(entry.id())) {
            throw RequestException.conflict("chat has already ended");
        }
        addNote(principal, entry, note);
        ctx.conversations().appendSystem(entry.conversationId(), ConversationEvent.newBuilder()
                .setTransferred(ChatTransferred.newBuilder().setBackToQueue(true)));
    }

    private void toColleague(Principal principal, OfficeHour oh, Queue.Entry entry, String colleagueId, String note) {
        if (colleagueId.equals(principal.id())) {
            throw RequestException.invalid("cannot transfer to yourself");
        }
        Accounts.Account colleague = ctx.store().accounts().byId(colleagueId)
                .filter(a -> principal.organisationId().equals(a.organisationId()) && !a.disabled())
                .orElseThrow(() -> RequestException.notFound("colleague"));
        boolean onDuty = ctx.store().officeHours().onDuty(oh.getId()).stream()
                .anyMatch(d -> d.accountId().equals(colleague.id()));
        if (!onDuty) {
            throw RequestException.conflict("colleague is not on duty for this office hour");
        }
        if (ctx.store().queue().chatsHeldBy(colleague.id()) >= oh.getMaxChatsPerProfessional()) {
            throw new RequestException(ErrorCode.LIMIT_REACHED, "colleague holds the maximum number of chats");
        }
        // The chat keeps its start (the first pick-up), so its duration counts the whole conversation.
        if (!ctx.store().queue().reassign(entry.id(), colleague.id(), entry.claimedAt())) {
            throw RequestException.conflict("chat has already ended");
        }
        addNote(principal, entry, note);
        ctx.conversations().appendSystem(entry.conversationId(), ConversationEvent.newBuilder()
                .setTransferred(ChatTransferred.newBuilder().setToDisplayName(colleague.displayName())));
        ctx.conversations().join(entry.conversationId(), colleague.id(), ParticipantRole.PROFESSIONAL,
                colleague.displayName());
        Queue.Entry moved = ctx.store().queue().byId(entry.id()).orElse(entry);
        ctx.hub().pushToPrincipal(colleague.id(), ServerMessage.newBuilder()
                .setChatAssigned(ctx.views().chatAssigned(moved, true)).build());
    }

    private void addNote(Principal author, Queue.Entry entry, String text) {
        if (!text.isBlank()) {
            Instant now = ctx.clock().instant();
            ctx.store().internalNotes().add(new InternalNotes.Note(entry.conversationId(), author.id(),
                    author.displayName(), text.strip(), now));
        }
    }
}
