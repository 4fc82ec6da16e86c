package nl.spreekuur.server.officehours;

import java.util.List;
import java.util.Set;
import nl.spreekuur.protocol.v1.ChatNotes;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.InternalNotes;
import nl.spreekuur.server.store.Queue;

/**
 * Private notes during a chat. They are the same internal notes a transfer leaves (one store, {@link InternalNotes},
 * never the conversation stream), so whoever holds the chat next gets them with {@code ChatAssigned}, and a
 * supervisor reading along lists them. Only the professionals and supervisors in the chat read or add them; every
 * access is audit-logged; the retention job deletes them with the chat's content.
 */
final class ChatNoteDesk {
    static final int MAX_NOTES_PER_CHAT = 100;
    private static final Set<ParticipantRole> STAFF_ROLES = Set.of(ParticipantRole.PROFESSIONAL,
            ParticipantRole.SUPERVISOR);

    private final OfficeHourContext ctx;

    ChatNoteDesk(OfficeHourContext ctx) {
        this.ctx = ctx;
    }

    void register(RequestRouter router) {
        router.on(BodyCase.ADD_CHAT_NOTE, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                        .setChatNotes(add(s.principal(), r.getAddChatNote().getConversationId(),
                                r.getAddChatNote().getText())).build()))
                .on(BodyCase.LIST_CHAT_NOTES, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setChatNotes(list(s.principal(), r.getListChatNotes().getConversationId())).build()));
    }

    ChatNotes list(Principal principal, String conversationId) {
        Queue.Entry entry = requireInChat(principal, conversationId);
        ctx.auditor().record(principal, "notes.read", "conversation", conversationId, entry.clientPrincipalId());
        return notes(conversationId);
    }

    ChatNotes add(Principal principal, String conversationId, String text) {
        String note = text.strip();
        if (note.isEmpty()) {
            throw RequestException.invalid("text is required");
        }
        if (Texts.length(note) > ChatTransfer.MAX_NOTE) {
            throw new RequestException(ErrorCode.TOO_LARGE, "note longer than " + ChatTransfer.MAX_NOTE);
        }
        Queue.Entry entry = requireInChat(principal, conversationId);
        if (entry.state() != QueueState.IN_CHAT && entry.state() != QueueState.WAITING) {
            throw RequestException.conflict("chat has ended");
        }
        if (ctx.store().internalNotes().of(conversationId).size() >= MAX_NOTES_PER_CHAT) {
            throw new RequestException(ErrorCode.LIMIT_REACHED, "a chat holds at most " + MAX_NOTES_PER_CHAT
                    + " notes");
        }
        ctx.store().internalNotes().add(new InternalNotes.Note(conversationId, principal.id(),
                principal.displayName(), note, ctx.clock().instant()));
        ctx.auditor().record(principal, "notes.add", "conversation", conversationId, entry.clientPrincipalId());
        ChatNotes notes = notes(conversationId);
        ServerMessage push = ServerMessage.newBuilder().setChatNotes(notes).build();
        for (String colleague : staffIn(conversationId)) {
            ctx.hub().pushToPrincipal(colleague, push);
        }
        return notes;
    }

    private ChatNotes notes(String conversationId) {
        return ChatNotes.newBuilder().setConversationId(conversationId)
                .addAllNotes(ctx.views().notes(conversationId)).build();
    }

    /** Another organisation's chat is NOT_FOUND; a chat of one's own organisation one is not in, FORBIDDEN. */
    private Queue.Entry requireInChat(Principal principal, String conversationId) {
        Queue.Entry entry = ctx.lookup().entryOfChat(principal, conversationId);
        if (!principal.isStaff() || !staffIn(conversationId).contains(principal.id())) {
            throw RequestException.forbidden("only the professionals in this chat see its notes");
        }
        return entry;
    }

    private List<String> staffIn(String conversationId) {
        return ctx.store().conversations().participants(conversationId).stream()
                .filter(p -> p.isActive() && STAFF_ROLES.contains(p.role()))
                .map(Conversations.Participant::principalId)
                .distinct().toList();
    }
}
