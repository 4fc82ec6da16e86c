package nl.spreekuur.server.conversation;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Conversations.Conversation;

/**
 * Who may see and act in a conversation, and what its owning capability says about it; shared by the request
 * handlers ({@link ConversationStream}) and the API for capabilities ({@link ConversationService}).
 */
final class ConversationAccess {
    private static final Set<ParticipantRole> WRITERS =
            Set.of(ParticipantRole.CLIENT, ParticipantRole.PROFESSIONAL, ParticipantRole.MEMBER,
                    ParticipantRole.MODERATOR);

    private final Conversations store;
    private final Map<String, OwnerView> owners = new ConcurrentHashMap<>();

    ConversationAccess(Conversations store) {
        this.store = store;
    }

    void registerOwner(String capability, OwnerView view) {
        if (owners.putIfAbsent(capability, view) != null) {
            throw new IllegalStateException("two owner views for " + capability);
        }
    }

    /** The conversation if it exists in the principal's organisation; NOT_FOUND otherwise (never leaks other orgs). */
    Conversation visibleConversation(Principal principal, String conversationId) {
        if (conversationId.isEmpty()) {
            throw RequestException.invalid("conversation_id is required");
        }
        Conversation conversation = store.byId(conversationId)
                .orElseThrow(() -> RequestException.notFound("conversation"));
        if (!conversation.organisationId().equals(principal.organisationId())) {
            throw RequestException.notFound("conversation");
        }
        return conversation;
    }

    /**
     * The principal's active participation; FORBIDDEN if there is none, or NOT_FOUND where even that would say too
     * much: for a room member (their credential is for one room only) and for any non-staff principal outside an
     * office-hour chat (e.g. an anonymous client probing a group room's id).
     */
    Conversations.Participant activeParticipant(Conversation conversation, Principal principal) {
        return store.participant(conversation.id(), principal.id())
                .filter(Conversations.Participant::isActive)
                .orElseThrow(() -> hiddenFrom(conversation, principal) ? RequestException.notFound("conversation")
                        : RequestException.forbidden("not a participant of this conversation"));
    }

    private static boolean hiddenFrom(Conversation conversation, Principal principal) {
        return principal.isRoomMember()
                || !principal.isStaff() && conversation.kind() != ConversationKind.OFFICE_HOUR_CHAT;
    }

    /** An active participant whose role may write (supervisors read along only). */
    Conversations.Participant activeWriter(Conversation conversation, Principal principal) {
        Conversations.Participant me = activeParticipant(conversation, principal);
        if (!WRITERS.contains(me.role())) {
            throw RequestException.forbidden("this role reads along and cannot write");
        }
        return me;
    }

    /** The capability's fields for a SubscribeResult. */
    void describe(Conversation conversation, SubscribeResult.Builder result) {
        OwnerView view = ownerOf(conversation);
        if (view != null) {
            view.describe(conversation, result);
        }
    }

    /** An active writer who may write now (the owner may refuse: see {@link OwnerView#checkWrite}). */
    Conversations.Participant writerNow(Conversation conversation, Principal principal) {
        Conversations.Participant me = activeWriter(conversation, principal);
        OwnerView view = ownerOf(conversation);
        if (view != null) {
            view.checkWrite(conversation, me);
        }
        return me;
    }

    /** The owner's extra rule for a plain text message (see {@link OwnerView#checkPlainText}). */
    void checkPlainText(Conversation conversation, Conversations.Participant writer) {
        OwnerView view = ownerOf(conversation);
        if (view != null) {
            view.checkPlainText(conversation, writer);
        }
    }

    /**
     * The seq after which the participant may read: the oldest retained seq - 1, or later if the owner says so
     * ({@link OwnerView#visibleAfterSeq}).
     */
    long readableAfter(Conversation conversation, Conversations.Participant reader) {
        OwnerView view = ownerOf(conversation);
        long ownerFloor = view == null ? 0 : view.visibleAfterSeq(conversation, reader);
        return Math.max(conversation.firstSeq() - 1, ownerFloor);
    }

    /** Whether the others see the participant's presence (the owner may hide it: {@link OwnerView#showsPresence}). */
    boolean showsPresence(Conversation conversation, Conversations.Participant participant) {
        OwnerView view = ownerOf(conversation);
        return view == null || view.showsPresence(conversation, participant);
    }

    private OwnerView ownerOf(Conversation conversation) {
        return conversation.owner() == null ? null : owners.get(conversation.owner().capability());
    }

    /** The audit log's "on behalf of" for staff access: the owner, as "capability:id" (e.g. "office-hour:…"). */
    static String onBehalfOf(Conversation conversation) {
        return conversation.owner() == null ? null
                : conversation.owner().capability() + ":" + conversation.owner().id();
    }
}
