package nl.spreekuur.server.officehours;

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
import nl.spreekuur.protocol.v1.Visit;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.officehours.queue.AdmissionDecision;
import nl.spreekuur.server.session.Nicknames;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.ConflictException;
import nl.spreekuur.server.store.Conversations;
import nl.spreekuur.server.store.OfficeHourChats;
import nl.spreekuur.server.store.Queue;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.session.Texts;

/**
 * The client's side of the queue: schedule-aware admission, the place in the queue (with a conversation from the
 * start, so the client can type while waiting), editing the first question, leaving, quick exit, and the reconnect
 * grace period that starts when the client's last connection goes.
 */
final class ClientQueue {
    static final int MAX_NICKNAME = Nicknames.MAX_LENGTH;
    static final int MAX_FIRST_QUESTION = 2000;

    private final OfficeHourContext ctx;
    private final ChatEnding ending;

    ClientQueue(OfficeHourContext ctx, ChatEnding ending) {
        this.ctx = ctx;
        this.ending = ending;
    }

    JoinQueueResult join(Principal principal, JoinQueue request) {
        return join(principal, request, "unknown");
    }

    /** @param clientAddress the connection's client address (per-address caps; never stored or logged) */
    JoinQueueResult join(Principal principal, JoinQueue request, String clientAddress) {
        OfficeHourAccess.requireClient(principal);
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), request.getOfficeHourId());
        String nickname = nickname(request.getNickname());
        String firstQuestion = requireFirstQuestion(request.getFirstQuestion());
        if (ctx.store().queue().activeOf(principal.id()).stream().anyMatch(e -> e.officeHourId().equals(oh.getId()))) {
            throw RequestException.conflict("already in this queue");
        }
        OfficeHourSnapshot snapshot = ctx.views().snapshot(oh);
        if (ctx.flood().full(snapshot.waiting().inOrder().stream().map(Queue.Entry::clientPrincipalId).toList(),
                clientAddress)) {
            return refused(oh, AdmissionRefusal.QUEUE_FULL, snapshot);
        }
        AdmissionDecision decision = ctx.views().admission().decide(snapshot.schedule(), snapshot.now(),
                snapshot.waiting().size(), snapshot.staffing(), snapshot.averageChat());
        if (!decision.admitted()) {
            return refused(oh, decision.refusal(), snapshot);
        }
        boolean consent = request.getUseConsentDefault() ? oh.getTranscriptConsentDefault()
                : request.getTranscriptConsent();
        Queue.Entry entry = enqueue(principal, oh, nickname, firstQuestion, consent);
        ctx.flood().joined(principal.id(), clientAddress);
        ctx.facts().count(oh, Fact.JOINED);
        if (request.getVisit() == Visit.VISIT_FIRST || request.getVisit() == Visit.VISIT_RETURNING) {
            // the device's own answer, only when its client agreed; an unknown value counts as not recognised
            ctx.facts().count(oh, Fact.VISIT, request.getVisit().getNumber());
        }
        ctx.changes().publish(oh.getId());
        OfficeHourSnapshot after = ctx.views().snapshot(oh);
        return JoinQueueResult.newBuilder().setAdmitted(true).setStatus(ctx.views().queueStatus(after, entry))
                .setOfficeHour(after.status()).build();
    }

    /** {@link Nicknames}: normalised, or INVALID_ARGUMENT with the rule's message. */
    static String nickname(String raw) {
        Nicknames.Checked checked = Nicknames.check(raw);
        if (!checked.ok()) {
            throw RequestException.invalid(checked.problem().message());
        }
        return checked.nickname();
    }

    private JoinQueueResult refused(OfficeHour oh, AdmissionRefusal refusal, OfficeHourSnapshot snapshot) {
        ctx.facts().count(oh, Fact.REFUSED, refusal.getNumber());
        return JoinQueueResult.newBuilder().setAdmitted(false).setRefusal(refusal)
                .setOfficeHour(snapshot.status()).build();
    }

    /** The chat exists before the place, so that a professional who claims at once finds the client in it. */
    private Queue.Entry enqueue(Principal principal, OfficeHour oh, String nickname, String firstQuestion,
                                boolean consent) {
        Conversations.Conversation chat = ctx.conversations().open(oh.getOrganisationId(),
                ConversationKind.OFFICE_HOUR_CHAT, OfficeHourOwner.of(oh.getId()));
        ctx.store().officeHourChats().link(new OfficeHourChats.Link(chat.id(), oh.getId(), consent));
        ctx.conversations().join(chat.id(), principal.id(), ParticipantRole.CLIENT, nickname);
        try {
            return ctx.store().queue().create(oh.getId(), oh.getOrganisationId(), chat.id(), principal.id(), nickname,
                    firstQuestion, ctx.clock().instant());
        } catch (ConflictException joinedOnAnotherConnection) {
            ctx.conversations().end(chat.id(), EndReason.ENDED_BY_CLIENT, ctx.clock().instant());
            throw RequestException.conflict("already in this queue");
        }
    }

    void updateFirstQuestion(Principal principal, String entryId, String firstQuestion) {
        Queue.Entry entry = ctx.lookup().ownEntry(principal, entryId);
        String text = requireFirstQuestion(firstQuestion);
        if (entry.state() != QueueState.WAITING || !ctx.store().queue().updateFirstQuestion(entryId, text)) {
            throw RequestException.conflict("no longer waiting");
        }
        ctx.changes().publish(entry.officeHourId());
    }

    void leave(Principal principal, String entryId) {
        Queue.Entry entry = ctx.lookup().ownEntry(principal, entryId);
        if (!ending.finishWaiting(ctx.lookup().officeHourOf(entry), entry, EndReason.ENDED_BY_CLIENT)) {
            throw RequestException.conflict("no longer waiting");
        }
    }

    /**
     * Ends every place and chat of the client with QUICK_EXIT (the caller then revokes the token, so it cannot
     * resume, and closes its sockets).
     */
    void quickExit(Principal principal) {
        OfficeHourAccess.requireClient(principal);
        for (Queue.Entry entry : ctx.store().queue().activeOf(principal.id())) {
            OfficeHour oh = ctx.lookup().officeHourOf(entry);
            if (ending.finish(oh, entry, EndReason.QUICK_EXIT)) {
                ctx.facts().count(oh, Fact.QUICK_EXIT);
            }
        }
    }

    /** A connection of the client opened: a pending grace period is over. Returns the client's active entries. */
    List<Queue.Entry> connected(Principal principal) {
        List<Queue.Entry> active = ctx.store().queue().activeOf(principal.id());
        for (Queue.Entry entry : active) {
            if (entry.disconnectedAt() != null) {
                ctx.store().queue().setDisconnectedAt(entry.id(), null);
                ctx.changes().publish(entry.officeHourId());
            }
        }
        return active;
    }

    /** The client's last connection for this entry went: the reconnect grace period starts now. */
    void disconnected(Queue.Entry entry) {
        ctx.store().queue().setDisconnectedAt(entry.id(), ctx.clock().instant());
        ctx.changes().publish(entry.officeHourId());
    }

    List<Queue.Entry> activeEntries(Principal principal) {
        return principal.isAnonymous() ? ctx.store().queue().activeOf(principal.id()) : List.of();
    }

    private static String requireFirstQuestion(String text) {
        String stripped = text.strip();
        if (Texts.length(stripped) > MAX_FIRST_QUESTION) {
            throw new RequestException(ErrorCode.TOO_LARGE, "first_question longer than " + MAX_FIRST_QUESTION);
        }
        return stripped;
    }
}
