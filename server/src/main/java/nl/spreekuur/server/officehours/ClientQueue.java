package nl.spreekuur.server.officehours;

import java.time.Clock;
import java.util.List;
import nl.spreekuur.protocol.v1.AdmissionRefusal;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.conversation.ConversationService;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.store.Store;

/**
 * The client's side of the queue: schedule-aware admission, the place in the queue (with a conversation from the
 * start, so the client can type while waiting), editing the first question, leaving, quick exit, and the reconnect
 * grace period that starts when the client's last connection goes.
 */
final class ClientQueue {
    static final int MAX_NICKNAME = 40;
    static final int MAX_FIRST_QUESTION = 2000;

    private final Store store;
    private final ConversationService conversations;
    private final OfficeHourViews views;
    private final OfficeHourLookup lookup;
    private final ChatEnding ending;
    private final OfficeHourFacts facts;
    private final OfficeHourChanges changes;
    private final Clock clock;

    ClientQueue(Store store, ConversationService conversations, OfficeHourViews views, OfficeHourLookup lookup,
                ChatEnding ending, OfficeHourFacts facts, OfficeHourChanges changes, Clock clock) {
        this.store = store;
        this.conversations = conversations;
        this.views = views;
        this.lookup = lookup;
        this.ending = ending;
        this.facts = facts;
        this.changes = changes;
        this.clock = clock;
    }

    JoinQueueResult join(Principal principal, JoinQueue request) {
        OfficeHourAccess.requireClient(principal);
        OfficeHour oh = lookup.officeHour(principal.organisationId(), request.getOfficeHourId());
        String nickname = request.getNickname().strip();
        if (nickname.isEmpty() || Texts.length(nickname) > MAX_NICKNAME) {
            throw RequestException.invalid("nickname must be 1.." + MAX_NICKNAME + " characters");
        }
        String firstQuestion = requireFirstQuestion(request.getFirstQuestion());
        if (store.queue().activeOf(principal.id()).stream().anyMatch(e -> e.officeHourId().equals(oh.getId()))) {
            throw RequestException.conflict("already in this queue");
        }
        OfficeHourSnapshot snapshot = views.snapshot(oh);
        AdmissionDecision decision = views.admission().decide(snapshot.schedule(), snapshot.now(),
                snapshot.waiting().size(), snapshot.staffing(), snapshot.averageChat());
        if (!decision.admitted()) {
            return refused(oh, decision.refusal(), snapshot);
        }
        boolean consent = request.getUseConsentDefault() ? oh.getTranscriptConsentDefault()
                : request.getTranscriptConsent();
        Queue.Entry entry = enqueue(principal, oh, nickname, firstQuestion, consent);
        facts.count(oh, Fact.JOINED);
        changes.publish(oh.getId());
        OfficeHourSnapshot after = views.snapshot(oh);
        return JoinQueueResult.newBuilder().setAdmitted(true).setStatus(views.queueStatus(after, entry))
                .setOfficeHour(after.status()).build();
    }

    private JoinQueueResult refused(OfficeHour oh, AdmissionRefusal refusal, OfficeHourSnapshot snapshot) {
        facts.count(oh, Fact.REFUSED);
        return JoinQueueResult.newBuilder().setAdmitted(false).setRefusal(refusal)
                .setOfficeHour(snapshot.status()).build();
    }

    /** The chat exists before the place, so that a professional who claims at once finds the client in it. */
    private Queue.Entry enqueue(Principal principal, OfficeHour oh, String nickname, String firstQuestion,
                                boolean consent) {
        Conversations.Conversation chat = conversations.open(oh.getOrganisationId(),
                ConversationKind.OFFICE_HOUR_CHAT, oh.getId(), consent);
        conversations.join(chat.id(), principal.id(), ParticipantRole.CLIENT, nickname);
        try {
            return store.queue().create(oh.getId(), oh.getOrganisationId(), chat.id(), principal.id(), nickname,
                    firstQuestion, clock.instant());
        } catch (ConflictException joinedOnAnotherConnection) {
            conversations.end(chat.id(), EndReason.ENDED_BY_CLIENT, clock.instant());
            throw RequestException.conflict("already in this queue");
        }
    }

    void updateFirstQuestion(Principal principal, String entryId, String firstQuestion) {
        Queue.Entry entry = lookup.ownEntry(principal, entryId);
        String text = requireFirstQuestion(firstQuestion);
        if (entry.state() != QueueState.WAITING || !store.queue().updateFirstQuestion(entryId, text)) {
            throw RequestException.conflict("no longer waiting");
        }
        changes.publish(entry.officeHourId());
    }

    void leave(Principal principal, String entryId) {
        Queue.Entry entry = lookup.ownEntry(principal, entryId);
        if (!ending.finishWaiting(lookup.officeHourOf(entry), entry, EndReason.ENDED_BY_CLIENT)) {
            throw RequestException.conflict("no longer waiting");
        }
    }

    /** Ends every place and chat of the client with QUICK_EXIT and revokes the token, so it cannot resume. */
    void quickExit(Principal principal) {
        OfficeHourAccess.requireClient(principal);
        for (Queue.Entry entry : store.queue().activeOf(principal.id())) {
            OfficeHour oh = lookup.officeHourOf(entry);
            if (ending.finish(oh, entry, EndReason.QUICK_EXIT)) {
                facts.count(oh, Fact.QUICK_EXIT);
            }
        }
        store.sessions().revoke(principal.sessionId(), clock.instant());
    }

    /** A connection of the client opened: a pending grace period is over. Returns the client's active entries. */
    List<Queue.Entry> connected(Principal principal) {
        List<Queue.Entry> active = store.queue().activeOf(principal.id());
        for (Queue.Entry entry : active) {
            if (entry.disconnectedAt() != null) {
                store.queue().setDisconnectedAt(entry.id(), null);
                changes.publish(entry.officeHourId());
            }
        }
        return active;
    }

    /** The client's last connection for this entry went: the reconnect grace period starts now. */
    void disconnected(Queue.Entry entry) {
        store.queue().setDisconnectedAt(entry.id(), clock.instant());
        changes.publish(entry.officeHourId());
    }

    List<Queue.Entry> activeEntries(Principal principal) {
        return principal.isAnonymous() ? store.queue().activeOf(principal.id()) : List.of();
    }

    private static String requireFirstQuestion(String text) {
        String stripped = text.strip();
        if (Texts.length(stripped) > MAX_FIRST_QUESTION) {
            throw new RequestException(ErrorCode.TOO_LARGE, "first_question longer than " + MAX_FIRST_QUESTION);
        }
        return stripped;
    }
}
